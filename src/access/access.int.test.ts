import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { listOutbox } from '../mail/send.ts';
import { today } from '../policy/versions.ts';
import type { RunningServer } from '../server.ts';
import { backendName, type TestDb, testDb } from '../store/testing.ts';
import { addDuration } from './clearance.ts';
import { AccessErrors } from './errors.ts';
import { settleResets } from './notify.ts';
import { sha256 } from './secrets.ts';
import { createSetupLink, createStaff, newLink } from './staff.ts';
import { Client, makeStaff, PASSWORD, signedIn, startTestServer } from './testing.ts';
import { currentCode } from './totp.ts';

const TODAY = today('Europe/Paris');

describe(`access over HTTP (${backendName})`, () => {
  let db: TestDb;
  let server: RunningServer;
  let admin: Client;
  let adminId: string;

  const count = async (table: string) => Number((await db.query(`select count(*)::int as n from ${table}`))[0].n);

  before(async () => {
    db = await testDb();
    server = await startTestServer(db);
  });
  after(async () => {
    await server.close();
    await db.close();
  });
  beforeEach(async () => {
    await db.query('delete from access_failures');
  });

  test('a fresh store gets a setup link at start; it creates the first admin once', async () => {
    const [{ n }] = await db.query(`select count(*)::int as n from staff_links where purpose = 'setup' and used_at is null`);
    assert.equal(Number(n), 1);
    const token = (await createSetupLink(db))!; // retires the one logged at start
    const anon = new Client(server.url);
    const weak = await anon.call('POST', '/console/api/setup', { token, email: 'root@test.example', password: 'short' });
    assert.equal(weak.body.error.code, AccessErrors.WEAK_PASSWORD);
    assert.equal(await count('staff'), 0);
    const made = await anon.call('POST', '/console/api/setup', { token, email: 'Root@Test.example', password: PASSWORD });
    assert.equal(made.status, 201);
    assert.deepEqual(made.body.staff.roles, ['admin']);
    adminId = made.body.staff.id;
    const again = await anon.call('POST', '/console/api/setup', { token, email: 'other@test.example', password: PASSWORD });
    assert.equal(again.body.error.code, AccessErrors.LINK_USED);
    assert.equal(await createSetupLink(db), undefined, 'no setup link once staff exist');
    admin = await signedIn(server, 'root@test.example');
  });

  test('a session reads /v1/admin/whoami; without one it is 401', async () => {
    const me = await admin.call('GET', '/v1/admin/whoami');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, { kind: 'staff', id: adminId, roles: ['admin'] });
    const anon = await new Client(server.url).call('GET', '/v1/admin/whoami');
    assert.equal(anon.status, 401);
    assert.equal(anon.body.error.code, 'CUSTODIAN_UNAUTHENTICATED');
    const forged = await new Client(server.url).call('GET', '/v1/admin/whoami', undefined, { cookie: 'custodian_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    assert.equal(forged.status, 401);
  });

  test('the session cookie is httpOnly, SameSite=Strict, and the answer carries the CSRF token', async () => {
    const c = new Client(server.url);
    const answer = await c.signIn('root@test.example', PASSWORD);
    const cookie = answer.headers.get('set-cookie')!;
    assert.match(cookie, /^custodian_session=[A-Za-z0-9_-]{43};/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.doesNotMatch(cookie, /Secure/);
    assert.equal(typeof answer.body.csrfToken, 'string');
    const me = await c.call('GET', '/console/api/session');
    assert.equal(me.body.staff.email, 'root@test.example');
    assert.equal(me.body.csrfToken, answer.body.csrfToken);
  });

  test('wrong password and unknown e-mail get the same answer; the account locks after 5 failures', async () => {
    const c = new Client(server.url);
    const time = async (email: string) => {
      const t = performance.now();
      const a = await c.signIn(email, 'wrong password!!');
      return { a, ms: performance.now() - t };
    };
    await time('warm-up@test.example'); // the first sign-in pays for JIT and the dummy hash
    const known = await time('root@test.example');
    const unknown = await time('nobody@test.example');
    const known2 = await time('root@test.example');
    const unknown2 = await time('nobody@test.example');
    known.ms = Math.min(known.ms, known2.ms); // a loaded machine adds noise: compare the faster of two each
    unknown.ms = Math.min(unknown.ms, unknown2.ms);
    assert.equal(known.a.status, 401);
    assert.deepEqual(unknown.a.body, known.a.body);
    assert.equal(known.a.body.error.code, AccessErrors.BAD_CREDENTIALS);
    assert.ok(unknown.ms > known.ms / 4, `unknown e-mail answered in ${unknown.ms} ms, known in ${known.ms} ms`);
    assert.equal(c.cookie, undefined);
    for (let i = 0; i < 3; i++) {
      await c.signIn('root@test.example', 'wrong password!!');
      await c.signIn('nobody@test.example', 'wrong password!!');
    }
    const locked = await c.signIn('root@test.example', PASSWORD);
    assert.equal(locked.status, 429);
    assert.equal(locked.body.error.code, AccessErrors.LOCKED);
    const lockedUnknown = await c.signIn('nobody@test.example', PASSWORD);
    assert.equal(lockedUnknown.body.error.code, AccessErrors.LOCKED, 'unknown accounts lock the same way');
    assert.equal(c.cookie, undefined);
  });

  test('too many failures from one IP are refused for every account', async () => {
    const c = new Client(server.url);
    for (let i = 0; i < 30; i++) await db.query(`insert into access_failures (key) values ($1)`, [`i:${sha256('127.0.0.1')}`]);
    const a = await c.signIn('root@test.example', PASSWORD);
    assert.equal(a.status, 429);
    assert.equal(a.body.error.code, AccessErrors.RATE_LIMITED);
  });

  test('state-changing requests need the CSRF token bound to the session', async () => {
    const staffBefore = await count('staff');
    const missing = await admin.call('POST', '/console/api/staff', { email: 'x@test.example', roles: [] }, { 'x-csrf-token': '' });
    assert.equal(missing.status, 403);
    assert.equal(missing.body.error.code, AccessErrors.CSRF);
    const other = await signedIn(server, 'root@test.example');
    const forged = await admin.call('POST', '/console/api/staff', { email: 'x@test.example', roles: [] }, { 'x-csrf-token': other.csrf! });
    assert.equal(forged.body.error.code, AccessErrors.CSRF, "another session's token does not pass");
    const out = await admin.call('DELETE', '/console/api/session', undefined, { 'x-csrf-token': 'forged' });
    assert.equal(out.body.error.code, AccessErrors.CSRF);
    assert.equal(await count('staff'), staffBefore);
    assert.equal((await admin.call('GET', '/v1/admin/whoami')).status, 200, 'still signed in');
  });

  test('invitations need clearance for personal-data roles; every change is audited without personal data', async () => {
    const refused = await admin.call('POST', '/console/api/staff', { email: 'agent@test.example', roles: ['support'] });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, AccessErrors.CLEARANCE_REQUIRED);
    assert.equal((await db.query(`select * from staff where email = 'agent@test.example'`)).length, 0);
    const unknown = await admin.call('POST', '/console/api/staff', { email: 'agent@test.example', roles: ['nope'] });
    assert.equal(unknown.body.error.code, AccessErrors.UNKNOWN_ROLE);

    const invited = await admin.call('POST', '/console/api/staff', { email: 'agent@test.example', roles: [] });
    assert.equal(invited.status, 201);
    const id = invited.body.staff.id;
    const [mail] = await listOutbox(db, { limit: 1 });
    assert.equal(mail.to, 'agent@test.example');
    const link = /(http:\/\/\S+\/console\/#\/set-password\?token=([\w-]+))/.exec(mail.text!)!;
    assert.ok(link[1].startsWith(server.url));

    const noTraining = await admin.call('PUT', `/console/api/staff/${id}/roles`, { roles: ['support'] });
    assert.equal(noTraining.body.error.code, AccessErrors.CLEARANCE_REQUIRED);
    const old = addDuration(TODAY, 'P0D').replace(/^\d{4}/, (y) => String(Number(y) - 2));
    await admin.call('PUT', `/console/api/staff/${id}/training`, { confidentialityAcknowledged: true, trainingDate: old });
    const stale = await admin.call('PUT', `/console/api/staff/${id}/roles`, { roles: ['support'] });
    assert.equal(stale.body.error.code, AccessErrors.CLEARANCE_REQUIRED);
    assert.match(stale.body.error.message, /expired/);
    const future = await admin.call('PUT', `/console/api/staff/${id}/training`, { confidentialityAcknowledged: true, trainingDate: '2999-01-01' });
    assert.equal(future.body.error.code, AccessErrors.BAD_DATE);
    await admin.call('PUT', `/console/api/staff/${id}/training`, { confidentialityAcknowledged: true, trainingDate: TODAY });
    const granted = await admin.call('PUT', `/console/api/staff/${id}/roles`, { roles: ['support'] });
    assert.equal(granted.status, 200);
    assert.deepEqual(granted.body.staff.roles, ['support']);

    // The agent sets a password and signs in: support is exercisable.
    const anon = new Client(server.url);
    assert.equal((await anon.call('POST', '/console/api/password', { token: link[2], password: PASSWORD })).status, 200);
    const agent = await signedIn(server, 'agent@test.example');
    assert.deepEqual((await agent.call('GET', '/v1/admin/whoami')).body.roles, ['support']);
    // Not an admin.
    const forbidden = await agent.call('GET', '/console/api/staff');
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.error.code, AccessErrors.ROLE_REQUIRED);

    // Training lapses: the role stays held but is no longer exercised.
    await db.query(`update staff set training_date = $2::date where id = $1`, [id, old]);
    assert.deepEqual((await agent.call('GET', '/v1/admin/whoami')).body.roles, []);

    const audit = await admin.call('GET', `/console/api/audit?staff=${id}`);
    assert.deepEqual(
      audit.body.entries.map((e: any) => e.action).reverse(),
      ['created', 'training', 'training', 'roles', 'password_set'],
    );
    assert.ok(audit.body.entries.every((e: any) => e.actor === `staff:${adminId}` || e.actor === `staff:${id}`));
    const rows = JSON.stringify(await db.query('select * from access_audit'));
    assert.doesNotMatch(rows, /@test\.example/, 'no e-mail address in the audit');
  });

  test('set-password links: used, expired and forged links are refused without change', async () => {
    const { staff, token } = await createStaff(server.ctx, 'test', { email: 'links@test.example', roles: [] });
    const anon = new Client(server.url);
    const weak = await anon.call('POST', '/console/api/password', { token, password: 'aaaaaaaaaaaaaaaa' });
    assert.equal(weak.body.error.code, AccessErrors.WEAK_PASSWORD);
    assert.equal((await anon.call('POST', '/console/api/password', { token, password: PASSWORD })).status, 200);
    const reused = await anon.call('POST', '/console/api/password', { token, password: 'another long password' });
    assert.equal(reused.status, 410);
    assert.equal(reused.body.error.code, AccessErrors.LINK_USED);
    assert.equal((await anon.signIn('links@test.example', PASSWORD)).status, 200, 'the password did not change');

    const expiring = await newLink(db, staff.id, 'reset');
    await db.query(`update staff_links set expires_at = now() - interval '1 second' where used_at is null and staff_id = $1`, [staff.id]);
    const expired = await anon.call('POST', '/console/api/password', { token: expiring, password: 'another long password' });
    assert.equal(expired.body.error.code, AccessErrors.LINK_EXPIRED);
    const forged = await anon.call('POST', '/console/api/password', { token: 'x'.repeat(43), password: 'another long password' });
    assert.equal(forged.body.error.code, AccessErrors.LINK_INVALID);
    const missing = await anon.call('POST', '/console/api/password', { password: 'another long password' });
    assert.equal(missing.body.error.code, 'CUSTODIAN_BAD_REQUEST');
    assert.equal((await new Client(server.url).signIn('links@test.example', PASSWORD)).status, 200);
  });

  test('password reset: the same answer for every address; the link sets a new password and ends sessions', async () => {
    await makeStaff(server, 'reset@test.example', []);
    const old = await signedIn(server, 'reset@test.example');
    const anon = new Client(server.url);
    const before = (await listOutbox(db, { limit: 200 })).length;
    const unknown = await anon.call('POST', '/console/api/password/reset', { email: 'ghost@test.example' });
    const known = await anon.call('POST', '/console/api/password/reset', { email: 'reset@test.example' });
    assert.equal(unknown.status, 202);
    assert.deepEqual(known.body, unknown.body);
    await settleResets();
    const mails = await listOutbox(db, { limit: 200 });
    assert.equal(mails.length, before + 1);
    assert.equal(mails[0].to, 'reset@test.example');
    const token = /token=([\w-]+)/.exec(mails[0].text!)![1];
    assert.equal((await anon.call('POST', '/console/api/password', { token, password: 'a brand new password' })).status, 200);
    assert.equal((await old.call('GET', '/v1/admin/whoami')).status, 401, 'old sessions end');
    assert.equal((await new Client(server.url).signIn('reset@test.example', PASSWORD)).status, 401);
    assert.equal((await new Client(server.url).signIn('reset@test.example', 'a brand new password')).status, 200);
  });

  test('TOTP: enrol, confirm, then sign-in needs a code; wrong, replayed and reused codes fail', async () => {
    await makeStaff(server, 'totp@test.example', []);
    const c = await signedIn(server, 'totp@test.example');
    const enrol = await c.call('POST', '/console/api/me/totp');
    assert.match(enrol.body.uri, /^otpauth:\/\/totp\/Custodian:totp%40test\.example\?/);
    assert.match(enrol.body.qr, /^data:image\/png;base64,/);
    const wrong = await c.call('POST', '/console/api/me/totp/confirm', { code: '000000' === currentCode(enrol.body.secret) ? '111111' : '000000' });
    assert.equal(wrong.body.error.code, AccessErrors.TOTP_INVALID);
    const confirmed = await c.call('POST', '/console/api/me/totp/confirm', { code: currentCode(enrol.body.secret) });
    assert.equal(confirmed.body.recoveryCodes.length, 10);

    const d = new Client(server.url);
    const step1 = await d.signIn('totp@test.example', PASSWORD);
    assert.deepEqual(Object.keys(step1.body).sort(), ['csrfToken', 'totpRequired']);
    assert.equal(step1.body.totpRequired, true);
    assert.equal((await d.call('GET', '/v1/admin/whoami')).status, 401, 'a pending session grants nothing');
    const noCsrf = await d.call('POST', '/console/api/session/totp', { code: '123456' }, { 'x-csrf-token': '' });
    assert.equal(noCsrf.body.error.code, AccessErrors.CSRF);
    const bad = await d.call('POST', '/console/api/session/totp', { code: currentCode(enrol.body.secret, Date.now() - 10 * 60_000) });
    assert.equal(bad.body.error.code, AccessErrors.TOTP_INVALID);
    // The code used to confirm the enrolment cannot be replayed.
    const replay = await d.call('POST', '/console/api/session/totp', { code: currentCode(enrol.body.secret) });
    assert.equal(replay.body.error.code, AccessErrors.TOTP_INVALID);
    const recovered = await d.call('POST', '/console/api/session/totp', { recoveryCode: confirmed.body.recoveryCodes[0].toUpperCase() });
    assert.equal(recovered.status, 200);
    assert.equal((await d.call('GET', '/v1/admin/whoami')).status, 200);

    const e = new Client(server.url);
    await e.signIn('totp@test.example', PASSWORD);
    const reused = await e.call('POST', '/console/api/session/totp', { recoveryCode: confirmed.body.recoveryCodes[0] });
    assert.equal(reused.body.error.code, AccessErrors.TOTP_INVALID);
    for (let i = 0; i < 4; i++) await e.call('POST', '/console/api/session/totp', { code: '999999' });
    const ended = await e.call('POST', '/console/api/session/totp', { recoveryCode: confirmed.body.recoveryCodes[1] });
    assert.equal(ended.body.error.code, AccessErrors.TOTP_NOT_PENDING, 'five wrong codes end the pending session');
  });

  test('API keys: shown once, stored hashed, bound to one role, last use recorded, revocable', async () => {
    const refused = await admin.call('POST', '/console/api/api-keys', { name: 'root', role: 'admin' });
    assert.equal(refused.body.error.code, AccessErrors.API_KEY_ROLE);
    const made = await admin.call('POST', '/console/api/api-keys', { name: 'CRM backend', role: 'support' });
    assert.equal(made.status, 201);
    const key: string = made.body.apiKey.key;
    assert.match(key, /^cus_[A-Za-z0-9_-]{43}$/);
    const stored = JSON.stringify(await db.query('select * from api_keys'));
    assert.ok(!stored.includes(key.slice(4)), 'the secret is not stored');
    const list = await admin.call('GET', '/console/api/api-keys');
    assert.ok(!JSON.stringify(list.body).includes(key.slice(4)));
    assert.equal(list.body.apiKeys[0].lastUsedAt, null);

    const backend = new Client(server.url);
    const who = await backend.call('GET', '/v1/admin/whoami', undefined, { authorization: `Bearer ${key}` });
    assert.deepEqual(who.body, { kind: 'api_key', id: made.body.apiKey.id, roles: ['support'] });
    // API-key requests need no CSRF token, but they do not manage staff.
    const post = await backend.call('POST', '/console/api/staff', { email: 'k@test.example' }, { authorization: `Bearer ${key}` });
    assert.equal(post.status, 403);
    assert.ok((await admin.call('GET', '/console/api/api-keys')).body.apiKeys[0].lastUsedAt);
    const wrong = await backend.call('GET', '/v1/admin/whoami', undefined, { authorization: `Bearer ${key.slice(0, -2)}xx` });
    assert.equal(wrong.status, 401);

    const revoked = await admin.call('DELETE', `/console/api/api-keys/${made.body.apiKey.id}`);
    assert.ok(revoked.body.apiKey.revokedAt);
    assert.equal((await backend.call('GET', '/v1/admin/whoami', undefined, { authorization: `Bearer ${key}` })).status, 401);
  });

  test('deactivation ends sessions and the API keys they created at once; the last admin stays', async () => {
    const id = await makeStaff(server, 'leaver@test.example', ['admin']);
    const leaver = await signedIn(server, 'leaver@test.example');
    const key = (await leaver.call('POST', '/console/api/api-keys', { name: 'made by leaver', role: 'dpo' })).body.apiKey.key;
    assert.equal((await leaver.call('GET', '/v1/admin/whoami', undefined, {})).status, 200);
    const off = await admin.call('POST', `/console/api/staff/${id}/deactivate`);
    assert.equal(off.body.staff.active, false);
    assert.equal((await leaver.call('GET', '/v1/admin/whoami')).status, 401);
    assert.equal((await new Client(server.url).call('GET', '/v1/admin/whoami', undefined, { authorization: `Bearer ${key}` })).status, 401);
    assert.equal((await new Client(server.url).signIn('leaver@test.example', PASSWORD)).body.error.code, AccessErrors.BAD_CREDENTIALS);
    const last = await admin.call('POST', `/console/api/staff/${adminId}/deactivate`);
    assert.equal(last.body.error.code, AccessErrors.LAST_ADMIN);
    const [entry] = (await admin.call('GET', `/console/api/audit?staff=${id}`)).body.entries;
    assert.equal(entry.action, 'deactivated');
    assert.equal(entry.detail.sessionsEnded, 1);
  });

  test('oversized and malformed bodies are refused with stable codes and change nothing', async () => {
    const staffBefore = await count('staff');
    const big = await admin.call('POST', '/console/api/staff', { email: 'big@test.example', roles: ['x'.repeat(20_000)] });
    assert.equal(big.status, 413);
    assert.equal(big.body.error.code, 'CUSTODIAN_BODY_TOO_LARGE');
    const huge = await new Client(server.url).call('POST', '/console/api/session', { email: 'root@test.example', password: 'p'.repeat(100_000) });
    assert.equal(huge.body.error.code, 'CUSTODIAN_BODY_TOO_LARGE');
    const form = await new Client(server.url).call('POST', '/console/api/session', 'email=root@test.example', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(form.body.error.code, 'CUSTODIAN_UNSUPPORTED_MEDIA_TYPE', 'no cross-site form posts');
    const mistyped = await admin.call('POST', '/console/api/staff', { email: 'typed@test.example', confidentialityAcknowledged: 'maybe' });
    assert.equal(mistyped.body.error.code, 'CUSTODIAN_BAD_REQUEST');
    const badEmail = await admin.call('POST', '/console/api/staff', { email: 'not an address' });
    assert.equal(badEmail.body.error.code, AccessErrors.BAD_EMAIL);
    assert.equal(await count('staff'), staffBefore);
  });

  test('behind an https public URL the cookie is Secure and links use that URL', async () => {
    const https = await startTestServer(db, { CUSTODIAN_PUBLIC_URL: 'https://custodian.test.example/' });
    try {
      const c = new Client(https.url);
      const answer = await c.signIn('root@test.example', PASSWORD);
      assert.match(answer.headers.get('set-cookie')!, /; Secure/);
      assert.equal((await c.call('POST', '/console/api/staff', { email: 'secure@test.example' })).status, 201);
      const [mail] = await listOutbox(db, { limit: 1 });
      assert.match(mail.text!, /https:\/\/custodian\.test\.example\/console\/#\/set-password\?token=/);
    } finally {
      await https.close();
    }
  });

  test('admins read the outbox; sign-out ends the session', async () => {
    const outbox = await admin.call('GET', '/console/api/outbox?limit=5');
    assert.ok(outbox.body.messages.length > 0);
    assert.ok(outbox.body.messages.every((m: any) => m.transport === 'outbox'));
    const c = await signedIn(server, 'root@test.example');
    assert.equal((await c.call('DELETE', '/console/api/session')).status, 204);
    assert.equal(c.cookie, undefined);
    assert.equal((await c.call('GET', '/console/api/session')).status, 401);
  });
});
