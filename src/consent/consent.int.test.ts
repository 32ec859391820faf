import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { createServer, type RunningServer } from '../server.ts';
import { backendName, type TestDb, testDb } from '../store/testing.ts';
import { purgeExpiredConsents } from './purge.ts';
import * as q from './queries.ts';

const ORIGIN = 'https://www.test.example';
let db: TestDb;
let server: RunningServer;
let url: string;

function config(env: Record<string, string> = {}) {
  return loadConfig({ PORT: '0', CUSTODIAN_POLICY: 'test/fixtures/policy.yaml', CUSTODIAN_JOBS: 'false', LOG_LEVEL: 'silent', ...env });
}

before(async () => {
  db = await testDb();
  // These tests post bursts from one address; the limit has its own test.
  server = await createServer(config({ CUSTODIAN_CONSENT_RATE: '0' }), { db, logger: false });
  server.ctx.authenticate = async () => ({ kind: 'staff', id: 'tester', roles: ['admin'] });
  url = server.url;
});

after(async () => {
  await server?.close();
  await db?.close();
});

function event(overrides: Record<string, unknown> = {}) {
  return {
    eventId: randomUUID(),
    consentId: randomUUID(),
    property: 'www',
    action: 'custom',
    choices: { necessary: true, marketing: false },
    services: { pixel: false },
    policyVersion: 1,
    bannerHash: 'ab'.repeat(32),
    locale: 'en',
    gpc: false,
    ...overrides,
  };
}

function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/v1/consents`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function count(): Promise<number> {
  return q.countEvents(db);
}

test(`banner config: locale texts, hash, ETag, archive (${backendName})`, async () => {
  const res = await fetch(`${url}/v1/banner/config?property=www&locale=fr`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'public, max-age=300');
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  const config = await res.json();
  assert.equal(config.property, 'www');
  assert.equal(config.locale, 'fr');
  assert.equal(config.policyVersion, 1);
  assert.match(config.cookiePolicyVersion, /^[0-9a-f]{12}$/);
  assert.match(config.hash, /^[0-9a-f]{64}$/);
  assert.equal(res.headers.get('etag'), `"${config.hash}"`);
  assert.equal(config.texts.rejectAll, 'Tout refuser');
  assert.equal(config.categories[0].title, 'Strictement nécessaires');
  assert.ok(!JSON.stringify(config).includes('Strictly necessary'), 'only the requested locale');
  assert.deepEqual(config.services[0].cookies[0], { name: '_fbp', lifetime: 'P3M', lifetimeText: '3 mois' });
  assert.deepEqual(config.consent, { cookieName: 'custodian_consent', lifetimeDays: 395, reaskDays: 182 });
  assert.ok(config.endpoint.endsWith('/v1/consents'));

  const again = await fetch(`${url}/v1/banner/config?property=www&locale=fr`, { headers: { 'if-none-match': `"${config.hash}"` } });
  assert.equal(again.status, 304);
  const en = await (await fetch(`${url}/v1/banner/config?property=www&locale=en`)).json();
  assert.notEqual(en.hash, config.hash);
  assert.equal(en.cookiePolicyVersion, config.cookiePolicyVersion, 'same cookie policy in both locales');

  const archived = await db.query('select hash, property, locale, policy_version, config from banner_versions order by locale');
  assert.deepEqual(archived.map((r) => [r.locale, r.hash]), [['en', en.hash], ['fr', config.hash]]);
  assert.deepEqual(archived[1].config, config);

  const unknown = await fetch(`${url}/v1/banner/config?property=nope&locale=en`);
  assert.equal(unknown.status, 404);
  assert.equal((await unknown.json()).error.code, 'CUSTODIAN_CONSENT_UNKNOWN_PROPERTY');
  const badLocale = await fetch(`${url}/v1/banner/config?property=www&locale=de`);
  assert.equal((await badLocale.json()).error.code, 'CUSTODIAN_CONSENT_BAD_LOCALE');

  const versions = await (await fetch(`${url}/v1/admin/banner-versions`)).json();
  assert.equal(versions.versions.length, 2);
});

test(`banner files: 404 with a code while banner/dist is missing, or the file (${backendName})`, async () => {
  const res = await fetch(`${url}/banner.js`);
  if (res.status === 404) assert.equal((await res.json()).error.code, 'CUSTODIAN_CONSENT_BANNER_NOT_BUILT');
  else {
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /javascript/);
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin', 'sites load it from another origin');
    const body = await res.text(); // fetch negotiates and decodes br / gzip
    assert.ok(body.length > 100);
    const css = await fetch(`${url}/banner.css`, { headers: { 'accept-encoding': 'identity' } });
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    assert.equal(css.headers.get('content-encoding'), null);
    const etag = css.headers.get('etag')!;
    assert.equal((await fetch(`${url}/banner.css`, { headers: { 'if-none-match': etag } })).status, 304);
  }
});

test(`ingest: stored once, replay answered 200 stored:false, proof history (${backendName})`, async () => {
  const before = await count();
  const e = event({ action: 'accept_all', choices: { necessary: true, marketing: true }, services: { pixel: true } });
  const first = await post(e, { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36' });
  assert.equal(first.status, 201);
  assert.equal(first.headers.get('access-control-allow-origin'), ORIGIN);
  assert.deepEqual(await first.json(), { id: e.eventId, stored: true });
  const replay = await post(e);
  assert.equal(replay.status, 200);
  assert.deepEqual(await replay.json(), { id: e.eventId, stored: false });
  // The same event id many times at once: one stored, the rest idempotent.
  const dup = event();
  const answers = await Promise.all(Array.from({ length: 12 }, () => post(dup).then((r) => r.json())));
  assert.equal(answers.filter((a) => a.stored).length, 1);
  assert.equal(await count(), before + 2, 'nothing stored twice');

  const rows = await db.query('select ip_prefix, browser, received_at from consent_events where event_id = $1', [e.eventId]);
  assert.equal(rows[0].browser, 'chrome');
  assert.match(rows[0].ip_prefix, /^127\.0\.0\.0\/24$|^::\/48$|^0:0:0::\/48$/);

  // A withdrawal later on the same consent id: the history holds both, with the banner each one saw.
  await (await fetch(`${url}/v1/banner/config?property=www&locale=en`)).json();
  const [banner] = await db.query(`select hash from banner_versions where locale = 'en'`);
  const w = event({ consentId: e.consentId, action: 'withdraw', choices: { necessary: true, marketing: false }, bannerHash: banner.hash });
  assert.equal((await post(w, { 'content-type': 'text/plain;charset=UTF-8' })).status, 201, 'sendBeacon sends text/plain');
  const history = await (await fetch(`${url}/v1/admin/consents/${e.consentId}`)).json();
  assert.deepEqual(history.events.map((x: any) => x.action), ['accept_all', 'withdraw']);
  assert.equal(history.events[0].banner, null, 'an unknown banner hash is shown as not archived');
  assert.equal(history.events[1].banner.hash, banner.hash);
  assert.equal(history.events[1].choices.marketing, false);
  const missing = await fetch(`${url}/v1/admin/consents/${randomUUID()}`);
  assert.equal((await missing.json()).error.code, 'CUSTODIAN_CONSENT_NOT_FOUND');
});

test(`ingest: bad input gets a clear 4xx and stores nothing (${backendName})`, async () => {
  const before = await count();
  const cases: Array<[string, Promise<Response>, number, string]> = [
    ['bad JSON', post('{"eventId": '), 400, 'CUSTODIAN_CONSENT_BAD_JSON'],
    ['unknown category', post(event({ choices: { necessary: true, spying: true } })), 400, 'CUSTODIAN_CONSENT_UNKNOWN_CATEGORY'],
    ['unknown service', post(event({ services: { tracker: true } })), 400, 'CUSTODIAN_CONSENT_UNKNOWN_SERVICE'],
    ['necessary refused', post(event({ choices: { necessary: false } })), 400, 'CUSTODIAN_CONSENT_NECESSARY_REFUSED'],
    ['unknown property', post(event({ property: 'other' })), 400, 'CUSTODIAN_CONSENT_UNKNOWN_PROPERTY'],
    ['bad action', post(event({ action: 'maybe' })), 400, 'CUSTODIAN_CONSENT_INVALID_EVENT'],
    ['not a uuid', post(event({ eventId: 'x' })), 400, 'CUSTODIAN_CONSENT_INVALID_EVENT'],
    ['extra field', post({ ...event(), email: 'a@b.c' }), 400, 'CUSTODIAN_CONSENT_INVALID_EVENT'],
    ['wrong origin', post(event(), { origin: 'https://evil.example' }), 403, 'CUSTODIAN_CONSENT_ORIGIN_REFUSED'],
    ['no origin', fetch(`${url}/v1/consents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event()) }), 403, 'CUSTODIAN_CONSENT_ORIGIN_REFUSED'],
    ['oversized', post(event({ bannerHash: 'a'.repeat(9000) })), 413, 'CUSTODIAN_CONSENT_BODY_TOO_LARGE'],
    ['form body', post('a=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'CUSTODIAN_CONSENT_UNSUPPORTED_MEDIA_TYPE'],
  ];
  for (const [name, pending, status, code] of cases) {
    const res = await pending;
    assert.equal(res.status, status, name);
    assert.equal((await res.json()).error.code, code, name);
    if (name === 'wrong origin') assert.equal(res.headers.get('access-control-allow-origin'), null);
  }
  assert.equal(await count(), before, 'nothing stored');
});

test(`ingest: CORS preflight (${backendName})`, async () => {
  const ok = await fetch(`${url}/v1/consents`, {
    method: 'OPTIONS',
    headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  assert.equal(ok.status, 204);
  assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
  assert.equal(ok.headers.get('access-control-allow-methods'), 'POST');
  const refused = await fetch(`${url}/v1/consents`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
  assert.equal(refused.status, 403);
  assert.equal(refused.headers.get('access-control-allow-origin'), null);
});

test(`stats: rollups equal raw counts; exports in CSV and JSON Lines (${backendName})`, async () => {
  const actions = ['accept_all', 'reject_all', 'custom', 'withdraw', 'gpc'];
  const posted = await Promise.all(
    Array.from({ length: 80 }, (_, i) => {
      const marketing = i % 3 === 0;
      return post(event({ action: actions[i % 5], choices: { necessary: true, marketing }, services: { pixel: marketing }, gpc: i % 5 === 4 }));
    }),
  );
  assert.ok(posted.every((r) => r.status === 201));
  const stats = await (await fetch(`${url}/v1/admin/consents/stats?property=www`)).json();
  const raw = await db.query(
    `select (received_at at time zone 'Europe/Paris')::date::text as day, action, count(*)::int as n from consent_events group by 1, 2`,
  );
  const rawChoices = await db.query(
    `select (received_at at time zone 'Europe/Paris')::date::text as day, c.key as category, c.value::boolean as granted, count(*)::int as n
     from consent_events, jsonb_each_text(choices) c group by 1, 2, 3`,
  );
  const fromRollups = stats.days.flatMap((d: any) => Object.entries(d.actions).map(([a, n]) => `${d.day} ${a} ${n}`)).sort();
  assert.deepEqual(fromRollups, raw.map((r) => `${r.day} ${r.action} ${r.n}`).sort());
  const choicesFromRollups = stats.days
    .flatMap((d: any) =>
      Object.entries(d.categories).flatMap(([c, s]: [string, any]) => [s.granted ? `${d.day} ${c} true ${s.granted}` : '', s.refused ? `${d.day} ${c} false ${s.refused}` : '']),
    )
    .filter(Boolean)
    .sort();
  assert.deepEqual(choicesFromRollups, rawChoices.map((r) => `${r.day} ${r.category} ${r.granted} ${r.n}`).sort());
  const day = stats.days[0];
  assert.equal(day.categories.necessary.rate, 1);

  const total = await count();
  const jsonl = await fetch(`${url}/v1/admin/consents?format=jsonl`);
  assert.match(jsonl.headers.get('content-type') ?? '', /jsonl/);
  const lines = (await jsonl.text()).trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, total);
  assert.ok(lines.every((l) => typeof l.eventId === 'string' && l.property === 'www' && !('userAgent' in l)));
  const csv = (await (await fetch(`${url}/v1/admin/consents?format=csv&from=2000-01-01`)).text()).trim().split('\n');
  assert.equal(csv[0], 'eventId,receivedAt,consentId,property,action,choices,services,policyVersion,bannerHash,locale,gpc,ipPrefix,browser');
  assert.equal(csv.length, total + 1);
  assert.match(csv[1], /^[0-9a-f-]{36},\d{4}-[^,]*,[0-9a-f-]{36},www,[a-z_]+,"\{"".*""necessary"":true/);
  const empty = await (await fetch(`${url}/v1/admin/consents?format=csv&from=2000-01-01&to=2000-01-02`)).text();
  assert.equal(empty.trim().split('\n').length, 1, 'header only');
  const bad = await fetch(`${url}/v1/admin/consents?format=xml`);
  assert.equal((await bad.json()).error.code, 'CUSTODIAN_CONSENT_BAD_FORMAT');
  const unauth = server.ctx.authenticate;
  server.ctx.authenticate = undefined;
  try {
    assert.equal((await fetch(`${url}/v1/admin/consents?format=csv`)).status, 401, 'staff only');
  } finally {
    server.ctx.authenticate = unauth;
  }
});

test(`purge: expired months dropped whole, the rest deleted by row (${backendName})`, async () => {
  const purgeDb = await testDb();
  try {
    const policy = server.ctx.loaded.policy; // consent lifetime P13M, no retention rule on the consent clock
    const at = (iso: string) => ({
      eventId: randomUUID(),
      consentId: randomUUID(),
      property: 'www',
      action: 'accept_all' as const,
      choices: { necessary: true, marketing: true },
      services: null,
      policyVersion: 1,
      bannerHash: 'ab'.repeat(32),
      locale: 'en',
      gpc: false,
      ipPrefix: null,
      browser: 'other',
      receivedAt: new Date(iso),
    });
    const { GroupCommitter } = await import('./ingest.ts');
    const committer = new GroupCommitter(purgeDb, { timeZone: () => 'Europe/Paris' });
    const dates = ['2023-01-10T10:00:00Z', '2023-01-20T10:00:00Z', '2023-02-05T10:00:00Z', '2023-02-25T10:00:00Z', '2024-01-01T10:00:00Z'];
    assert.deepEqual(await Promise.all(dates.map((d) => committer.submit(at(d)))), [true, true, true, true, true]);
    assert.ok((await q.listPartitions(purgeDb)).includes('consent_events_y2023m01'), 'partitions made on demand');
    const result = await purgeExpiredConsents(purgeDb, policy, new Date('2024-03-15T00:00:00Z')); // cutoff 2023-02-15
    assert.equal(result.cutoff, '2023-02-15T00:00:00.000Z');
    assert.ok(result.droppedPartitions.includes('consent_events_y2023m01'));
    assert.ok(!result.droppedPartitions.includes('consent_events_y2023m02'));
    assert.equal(result.deleted, 3);
    const left = await purgeDb.query(`select received_at from consent_events order by received_at`);
    assert.deepEqual(left.map((r) => new Date(r.received_at).toISOString()), ['2023-02-25T10:00:00.000Z', '2024-01-01T10:00:00.000Z']);
    const ids = await purgeDb.query('select count(*)::int as n from consent_event_ids');
    assert.equal(ids[0].n, 2);
    // Rollups are anonymous counts: they stay.
    const [rolled] = await purgeDb.query(`select sum(count)::int as n from consent_daily_actions`);
    assert.equal(rolled.n, 5);
    // A retention rule on the consent clock wins over the cookie lifetime.
    const withRule = {
      ...policy,
      retention: [...policy.retention, { ...policy.retention[0], id: 'consents', clock: 'consent', keep: 'P5Y', extensions: [] }],
    };
    const kept = await purgeExpiredConsents(purgeDb, withRule, new Date('2024-03-15T00:00:00Z'));
    assert.equal(kept.retention, 'P5Y');
    assert.equal(kept.deleted, 0);
  } finally {
    await purgeDb.close();
  }
});

test(`ingest: rate-limited per truncated IP (${backendName})`, async () => {
  const limitedDb = await testDb();
  const limited = await createServer(config({ CUSTODIAN_CONSENT_RATE: '1', CUSTODIAN_CONSENT_BURST: '3' }), { db: limitedDb, logger: false });
  try {
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${limited.url}/v1/consents`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify(event()),
      });
      statuses.push(res.status);
      if (res.status === 429) {
        assert.equal((await res.json()).error.code, 'CUSTODIAN_CONSENT_RATE_LIMITED');
        assert.equal(res.headers.get('retry-after'), '1');
      }
    }
    assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
    assert.equal(await q.countEvents(limitedDb), 3);
  } finally {
    await limited.close();
    await limitedDb.close();
  }
});
