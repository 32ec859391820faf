import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPolicyFile } from '../policy/load.ts';
import { buildBannerConfig, canonicalJson, configHash, cookiePolicyVersion } from './banner-config.ts';
import { browserFamily, truncateIp, validateEvent } from './event.ts';
import { consentRetention } from './purge.ts';
import { TokenBuckets } from './rate-limit.ts';

const policy = loadPolicyFile('test/fixtures/policy.yaml').policy;

test('banner config: built-in texts overridable per locale by cookies.banner; hash covers everything', () => {
  const base = buildBannerConfig(policy, 3, 'www', 'en', 'https://privacy.test.example/');
  assert.equal(base.endpoint, 'https://privacy.test.example/v1/consents');
  assert.equal(base.links.cookies, 'https://privacy.test.example/cookies?lang=en');
  assert.equal(base.texts.acceptAll, 'Accept all');
  assert.equal(Object.keys(base.texts).length, 18, 'the contract texts, nothing else');
  assert.equal(base.hash, configHash(base));
  const overridden = { ...policy, cookies: { ...policy.cookies, banner: { title: { en: 'Cookies, briefly', fr: 'Les cookies, en bref' } } } };
  const en = buildBannerConfig(overridden, 3, 'www', 'en', 'https://privacy.test.example');
  const fr = buildBannerConfig(overridden, 3, 'www', 'fr', 'https://privacy.test.example');
  assert.equal(en.texts.title, 'Cookies, briefly');
  assert.equal(fr.texts.title, 'Les cookies, en bref');
  assert.equal(fr.texts.rejectAll, 'Tout refuser');
  assert.notEqual(en.hash, base.hash);
  assert.notEqual(en.cookiePolicyVersion, base.cookiePolicyVersion, 'banner texts are part of the cookie policy');
  assert.equal(cookiePolicyVersion(policy), base.cookiePolicyVersion);
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: 1 }] }), '{"a":[{"c":1,"d":2}],"b":1}');
  assert.throws(() => buildBannerConfig(policy, 3, 'shop', 'en', 'x'), { code: 'CUSTODIAN_CONSENT_UNKNOWN_PROPERTY', status: 404 });
  assert.throws(() => buildBannerConfig(policy, 3, 'www', 'de', 'x'), { code: 'CUSTODIAN_CONSENT_BAD_LOCALE' });
});

test('events: normalised against the policy (silence is refusal, necessary always on, services follow categories)', () => {
  const e = validateEvent(
    {
      eventId: 'AAAAAAAA-0000-4000-8000-000000000001',
      consentId: 'aaaaaaaa-0000-4000-8000-000000000002',
      property: 'www',
      action: 'custom',
      choices: {},
      services: { pixel: true },
      policyVersion: 1,
      bannerHash: 'abcdef12',
      locale: 'fr',
      gpc: true,
    },
    policy,
  );
  assert.equal(e.eventId, 'aaaaaaaa-0000-4000-8000-000000000001');
  assert.deepEqual(e.choices, { necessary: true, marketing: false });
  assert.deepEqual(e.services, { pixel: false }, 'a service of a refused category is off');
});

test('IP truncation: /24 for IPv4, /48 for IPv6', () => {
  assert.equal(truncateIp('203.0.113.77'), '203.0.113.0/24');
  assert.equal(truncateIp('::ffff:198.51.100.9'), '198.51.100.0/24');
  assert.equal(truncateIp('2001:db8:abcd:12:1:2:3:4'), '2001:db8:abcd::/48');
  assert.equal(truncateIp('2001:db8::1'), '2001:db8:0::/48');
  assert.equal(truncateIp('::1'), '0:0:0::/48');
  assert.equal(truncateIp('fe80::1%eth0'), 'fe80:0:0::/48');
  assert.equal(truncateIp(undefined), null);
  assert.equal(truncateIp('garbage'), null);
});

test('browser family only, never the full User-Agent', () => {
  assert.equal(browserFamily('Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0'), 'edge');
  assert.equal(browserFamily('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'), 'firefox');
  assert.equal(browserFamily('Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15'), 'safari');
  assert.equal(browserFamily('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'), 'chrome');
  assert.equal(browserFamily('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36'), 'bot');
  assert.equal(browserFamily(undefined), 'unknown');
});

test('token bucket: bursts, then the refill rate', () => {
  const b = new TokenBuckets(2, 3);
  const t = 1_000_000;
  assert.deepEqual([b.take('a', t), b.take('a', t), b.take('a', t), b.take('a', t)], [true, true, true, false]);
  assert.equal(b.take('b', t), true, 'per key');
  assert.equal(b.take('a', t + 499), false);
  assert.equal(b.take('a', t + 500), true, 'one token after 1/rate seconds');
  assert.equal(new TokenBuckets(0, 0).take('a'), true, 'rate 0 turns the limit off');
});

test('retention of consent records: a rule on the consent clock wins, else the consent lifetime', () => {
  assert.equal(consentRetention(policy), 'P13M');
  const rule = { ...policy.retention[0], id: 'proof', clock: 'consent', keep: 'P13M', extensions: [{ purpose: 'accounts', keep: 'P5Y' }] };
  assert.equal(consentRetention({ ...policy, retention: [rule] }), 'P5Y');
});
