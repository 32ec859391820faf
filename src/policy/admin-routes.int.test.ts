import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { createServer, type RunningServer } from '../server.ts';
import { backendName, testDb, type TestDb } from '../store/testing.ts';
import { pageFragment } from './admin-routes.ts';
import { loadPolicyFile } from './load.ts';
import { publish } from './versions.ts';

let server: RunningServer;
let db: TestDb;
const staff = { authorization: 'Bearer test' };

before(async () => {
  db = await testDb();
  const config = loadConfig({ PORT: '0', CUSTODIAN_POLICY: 'test/fixtures/policy.yaml', CUSTODIAN_JOBS: 'false', LOG_LEVEL: 'silent' });
  server = await createServer(config, { db, logger: false });
  // Stand-in for the access module: a bearer "test" is a signed-in admin.
  const real = server.ctx.authenticate;
  server.ctx.authenticate = async (request) =>
    request.headers.authorization === 'Bearer test' ? { kind: 'staff', id: 'st_test', roles: ['admin', 'dpo'] } : real?.(request);
});
after(async () => {
  await server.close();
  await db.close();
});

const get = (path: string, headers: Record<string, string> = staff) => fetch(`${server.url}${path}`, { headers });

test('console policy API: every route needs credentials', async () => {
  for (const path of ['current', 'versions', 'diff?from=1&to=1', 'check', 'register', 'register?format=csv']) {
    const res = await get(`/console/api/policy/${path}`, {});
    assert.equal(res.status, 401, path);
    assert.equal((await res.json()).error.code, 'CUSTODIAN_UNAUTHENTICATED');
  }
});

test(`console policy API: the policy in force, rendered as a fragment, in each locale (${backendName})`, async () => {
  const en = await (await get('/console/api/policy/current')).json();
  assert.equal(en.version.id, 1);
  assert.equal(en.locale, 'en');
  assert.deepEqual(en.locales, ['en', 'fr']);
  assert.match(en.html, /Test Co/);
  assert.doesNotMatch(en.html, /<main|<body|<html|class="skip"/, 'a fragment for the console, one main landmark');
  const fr = await (await get('/console/api/policy/current?doc=cookies&lang=fr')).json();
  assert.equal(fr.doc, 'cookies');
  assert.equal(fr.locale, 'fr');
  assert.notEqual(fr.html, en.html);
  const bad = await get('/console/api/policy/current?lang=de');
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.code, 'CUSTODIAN_POLICY_BAD_LOCALE');
  assert.equal((await get('/console/api/policy/current?doc=terms')).status, 400);
});

test(`console policy API: versions and what changed between two (${backendName})`, async () => {
  const example = loadPolicyFile('examples/ksaar/policy.yaml');
  await publish(db, example, { effective: '2099-01-01', note: 'next' });
  const { versions } = await (await get('/console/api/policy/versions')).json();
  assert.deepEqual(
    versions.map((v: { id: number }) => v.id),
    [2, 1],
  );
  const diff = await (await get('/console/api/policy/diff?from=1&to=2')).json();
  assert.equal(diff.from.id, 1);
  assert.equal(diff.to.id, 2);
  const controller = diff.sections.find((s: { section: string }) => s.section === 'controller');
  assert.ok(controller, 'the controller section changed');
  assert.ok(diff.sections.find((s: { section: string }) => s.section === 'purposes').added.length > 0);
  const same = await (await get('/console/api/policy/diff?from=2&to=2')).json();
  assert.deepEqual(same.sections, []);
  const missing = await get('/console/api/policy/diff?from=1&to=9');
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, 'CUSTODIAN_POLICY_VERSION_NOT_FOUND');
  assert.equal((await get('/console/api/policy/diff?from=x&to=1')).status, 400);
});

test('console policy API: the checker on the loaded file', async () => {
  const check = await (await get('/console/api/policy/check')).json();
  assert.equal(check.file, 'test/fixtures/policy.yaml');
  assert.equal(check.hash, server.ctx.loaded.hash);
  assert.equal(check.published, true);
  assert.ok(Array.isArray(check.findings));
  for (const f of check.findings) assert.ok(f.rule && f.severity && f.message && f.basis);
});

test('console policy API: the register as JSON and as CSV', async () => {
  const reg = await (await get('/console/api/policy/register')).json();
  assert.equal(reg.columns[0].id, 'purpose');
  assert.equal(reg.rows.length, 1, 'one row per purpose');
  assert.deepEqual(reg.rows[0].purpose, ['Account management']);
  const res = await get('/console/api/policy/register?format=csv&lang=fr');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /^text\/csv/);
  assert.match(res.headers.get('content-disposition')!, /attachment; filename="register-v1-fr\.csv"/);
  const csv = await res.text();
  const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  assert.equal(lines.length, 2);
  assert.match(lines[1], /Gestion des comptes/);
  assert.equal((await get('/console/api/policy/register?format=xml')).status, 400);
});

test('pageFragment keeps the content and drops the page frame', () => {
  const html = '<!doctype html><html><body class="x">\n<a class="skip" href="#content">Skip</a>\n<header>H</header>\n<main id="content">M</main>\n</body></html>';
  assert.equal(pageFragment(html), '\n<header>H</header>\n<div class="document-main" id="content">M</div>\n');
});
