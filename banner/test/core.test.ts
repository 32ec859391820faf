import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { buildBanner } from '../build.ts';
import {
  consentMode,
  consentStatus,
  cookieDomains,
  encodeStored,
  matchCookies,
  parseStored,
  patternToRegExp,
  pickLocale,
} from '../src/core.ts';

const cfg = {
  cookiePolicyVersion: 'v1',
  consent: { cookieName: 'c', lifetimeDays: 395, reaskDays: 182 },
  categories: [
    { id: 'necessary', locked: true, title: '', description: '' },
    { id: 'marketing', locked: false, title: '', description: '' },
  ],
};
const DAY = 86400;
const stored = (t: number, cv = 'v1', c: Record<string, 0 | 1> = { necessary: 1, marketing: 1 }) => ({ id: 'i', t, c, v: 1, cv, h: 'h' });

test('cookie name patterns', () => {
  assert.ok(patternToRegExp('_ga*').test('_ga'));
  assert.ok(patternToRegExp('_ga*').test('_ga_ABC123'));
  assert.ok(!patternToRegExp('_ga*').test('x_ga'));
  assert.ok(!patternToRegExp('a.b').test('axb'), 'dots are literal');
  assert.deepEqual(matchCookies(['_ga', '_gid', '_ga_X', 'sid'], ['_ga*', 'sid']), ['_ga', '_ga_X', 'sid']);
});

test('parent domains for deletion, never a bare TLD, none for IPs', () => {
  assert.deepEqual(cookieDomains('www.shop.example.com'), ['.www.shop.example.com', '.shop.example.com', '.example.com']);
  assert.deepEqual(cookieDomains('localhost'), []);
  assert.deepEqual(cookieDomains('127.0.0.1'), []);
  assert.deepEqual(cookieDomains('a.b.test', '.cdn.test'), ['.a.b.test', '.b.test', '.cdn.test']);
});

test('stored consent round-trips and rejects garbage', () => {
  const s = stored(123);
  assert.deepEqual(parseStored(encodeStored(s)), s);
  assert.equal(parseStored('%7Bnope'), null);
  assert.equal(parseStored(encodeURIComponent('{"id":1}')), null);
  assert.equal(parseStored(undefined), null);
});

test('consent status: valid, re-ask interval, lifetime, policy change, new category', () => {
  const now = 1_800_000_000;
  assert.equal(consentStatus(null, cfg, now), 'none');
  assert.equal(consentStatus(stored(now - 10 * DAY), cfg, now), 'valid');
  assert.equal(consentStatus(stored(now - 183 * DAY), cfg, now), 'reask');
  assert.equal(consentStatus(stored(now - 396 * DAY), cfg, now), 'none');
  assert.equal(consentStatus(stored(now - DAY, 'v0'), cfg, now), 'changed');
  assert.equal(consentStatus(stored(now - DAY, 'v1', { necessary: 1 }), cfg, now), 'changed');
  assert.equal(consentStatus(stored(now + DAY), cfg, now), 'none', 'time in the future');
  // re-ask never later than the lifetime
  const short = { ...cfg, consent: { ...cfg.consent, lifetimeDays: 30, reaskDays: 182 } };
  assert.equal(consentStatus(stored(now - 31 * DAY), short, now), 'none');
});

test('Consent Mode mapping', () => {
  assert.deepEqual(consentMode({ marketing: true, performance: false, functional: true }), {
    ad_storage: 'granted',
    ad_user_data: 'granted',
    ad_personalization: 'granted',
    analytics_storage: 'denied',
    functionality_storage: 'granted',
    personalization_storage: 'granted',
    security_storage: 'granted',
  });
  assert.ok(Object.entries(consentMode({})).every(([k, v]) => v === (k === 'security_storage' ? 'granted' : 'denied')));
});

test('locale: the page language if offered, else the first offered', () => {
  assert.equal(pickLocale(['en', 'fr'], 'fr-FR'), 'fr');
  assert.equal(pickLocale(['en', 'fr'], 'de'), 'en');
  assert.equal(pickLocale(['fr', 'en'], ''), 'fr');
  assert.equal(pickLocale([], 'fr'), 'fr');
});

test('importing the SDK on the server touches no browser global', async () => {
  const out = await buildBanner();
  assert.equal(typeof (globalThis as any).window, 'undefined');
  const esm = await import(out.mjs);
  assert.equal(esm.consent, null);
  assert.equal(await esm.init({ config: 'http://x/config.json' }), null);
  assert.equal(esm.accept('all'), null);
  esm.show();
  const src = await import('../src/index.ts');
  assert.equal(src.allowed('marketing'), false);
  // the IIFE guards its start too
  new Function(readFileSync(out.js, 'utf8'))();
});

test('budget: JS + CSS + one locale at most 8 KB gzip', async () => {
  const out = await buildBanner();
  const locale = JSON.stringify(JSON.parse(readFileSync(new URL('./fixtures/config.en.json', import.meta.url), 'utf8')));
  const all = Buffer.concat([readFileSync(out.js), readFileSync(out.css), Buffer.from(locale)]);
  const gz = [readFileSync(out.js), readFileSync(out.css), Buffer.from(locale)].reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
  assert.ok(gz <= 8192, `${gz} B gzip (${all.length} B minified)`);
});
