import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from './config.ts';
import { createServer, type RunningServer } from './server.ts';
import { backendName, testDb, type TestDb } from './store/testing.ts';

let server: RunningServer;
let db: TestDb;

before(async () => {
  db = await testDb();
  const config = loadConfig({ PORT: '0', CUSTODIAN_POLICY: 'test/fixtures/policy.yaml', CUSTODIAN_JOBS: 'false', LOG_LEVEL: 'silent' });
  server = await createServer(config, { db, logger: false });
});
after(async () => {
  await server.close();
  await db.close();
});

test(`server: health, readiness and the OpenAPI description (${backendName})`, async () => {
  assert.deepEqual(await (await fetch(`${server.url}/healthz`)).json(), { status: 'ok' });
  assert.deepEqual(await (await fetch(`${server.url}/readyz`)).json(), { status: 'ready' });
  const api = await (await fetch(`${server.url}/openapi.json`)).json();
  assert.equal(api.openapi, '3.1.0');
  assert.ok(api.paths['/v1/policy/versions'], 'routes are described');
});

test(`server: first start published the policy as version 1 (${backendName})`, async () => {
  const { versions } = await (await fetch(`${server.url}/v1/policy/versions`)).json();
  assert.equal(versions.length, 1);
  assert.equal(versions[0].id, 1);
  assert.equal(versions[0].hash, server.ctx.loaded.hash);
  const v1 = await (await fetch(`${server.url}/v1/policy/versions/1`)).json();
  assert.equal(v1.policy.controller.name, 'Test Co');
  const missing = await fetch(`${server.url}/v1/policy/versions/7`);
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, 'CUSTODIAN_POLICY_VERSION_NOT_FOUND');
});

test('server: unknown routes get a 404 with a code; every answer carries security headers', async () => {
  const res = await fetch(`${server.url}/nope?email=someone@example.com`);
  assert.equal(res.status, 404);
  const body = await res.json();
  assert.equal(body.error.code, 'CUSTODIAN_NOT_FOUND');
  assert.ok(!JSON.stringify(body).includes('someone@example.com'), 'the query string is not echoed');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
});

test(`server: close lets in-flight requests finish, then refuses connections and closes the store (${backendName})`, async () => {
  const config = loadConfig({ PORT: '0', CUSTODIAN_POLICY: 'test/fixtures/policy.yaml', CUSTODIAN_JOBS: 'false', LOG_LEVEL: 'silent' });
  const s = await createServer(config, { logger: false, db: await testDb() });
  const inflight = s.app.inject({ method: 'GET', url: '/v1/policy/versions/1' });
  const closed = s.close();
  assert.equal((await inflight).statusCode, 200);
  await closed;
  await assert.rejects(fetch(`${s.url}/healthz`));
  await s.ctx.db.close();
});

test('server: an invalid policy stops the start with file:line and the path', async () => {
  const config = loadConfig({ PORT: '0', CUSTODIAN_POLICY: 'test/fixtures/bad-policy.yaml', CUSTODIAN_JOBS: 'false' });
  await assert.rejects(createServer(config, { db, logger: false }), (err: Error) => {
    assert.match(err.message, /bad-policy\.yaml:\d+:\d+: retention\[0\]\.keep/);
    return true;
  });
});

test(`server: /privacy and /cookies in the reader's locale, for the version in force or at a date (${backendName})`, async () => {
  const en = await fetch(`${server.url}/privacy`);
  assert.equal(en.status, 200);
  assert.match(en.headers.get('content-type')!, /^text\/html/);
  assert.match(en.headers.get('content-security-policy')!, /default-src 'none'/);
  const html = await en.text();
  assert.match(html, /<html lang="en"/);
  assert.match(html, /90 days/);
  assert.match(html, /1 year/);

  const fr = await fetch(`${server.url}/privacy?lang=fr`);
  assert.match(await fr.text(), /<html lang="fr"[\s\S]*90 jours/);
  const negotiated = await fetch(`${server.url}/cookies`, { headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' } });
  assert.equal(negotiated.headers.get('content-language'), 'fr');
  assert.match(await negotiated.text(), /13 mois/);

  const md = await fetch(`${server.url}/privacy?format=md&lang=en`);
  assert.match(md.headers.get('content-type')!, /^text\/markdown/);

  const etag = en.headers.get('etag')!;
  assert.equal((await fetch(`${server.url}/privacy`, { headers: { 'if-none-match': etag } })).status, 304);

  const bad = await fetch(`${server.url}/privacy?lang=de`);
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.code, 'CUSTODIAN_POLICY_BAD_LOCALE');
  const before = await fetch(`${server.url}/privacy?at=2020-01-01`);
  assert.equal(before.status, 404);
  assert.equal((await before.json()).error.code, 'CUSTODIAN_POLICY_NO_VERSION_IN_FORCE');
  assert.equal((await fetch(`${server.url}/privacy?at=2024-02-01`)).status, 200);
  const css = await fetch(`${server.url}/assets/policy.css`);
  assert.match(css.headers.get('content-type')!, /^text\/css/);
});
