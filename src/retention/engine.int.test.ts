import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import { parseDataMaps } from '../datamap/load.ts';
import { loadPolicyFile } from '../policy/load.ts';
import { backendName, testDb, type TestDb } from '../store/testing.ts';
import { toWall } from './clock.ts';
import { dataMapOf } from './context.ts';
import { seedDemo } from './demo.ts';
import { type EngineContext, plan, run, stepBounds } from './engine.ts';
import { OWN_CONSENTS_RULE } from './own-records.ts';
import { insertHold } from './queries.ts';
import { stepsFor } from './steps.ts';

const policy = loadPolicyFile('examples/ksaar/policy.yaml');
const map = dataMapOf(policy);
let store: TestDb;
let app: TestDb;
let ctx: EngineContext;
const KEY = Buffer.from('test-key');
const n = async (sql: string, params: unknown[] = []) => (await app.query<{ n: number }>(sql, params))[0].n;
const counts = async () =>
  Object.fromEntries(await Promise.all(['users', 'customers', 'login_logs', 'invoices', 'prospects', 'reviews'].map(async (t) => [t, await n(`select count(*)::int as n from ${t}`)])));

before(async () => {
  store = await testDb();
  app = await testDb({ migrate: false });
  await seedDemo(app, { subjects: 600, anchor: new Date('2026-06-01T00:00:00Z') });
  ctx = { store, policy, map, connections: new Map([['app', app]]), hashKey: KEY };
});
after(async () => {
  await app.close();
  await store.close();
});

test(`nothing due touches nothing (${backendName})`, async () => {
  const before = await counts();
  const summaries = await run(ctx, { now: new Date('2010-01-01T00:00:00Z'), trigger: 'test' });
  for (const s of summaries) {
    assert.equal(s.status, 'done');
    assert.deepEqual(s.counts, {}, `${s.rule} touched nothing`);
  }
  assert.equal(summaries.at(-1)?.rule, OWN_CONSENTS_RULE, "a full run also keeps Custodian's own consent records");
  assert.deepEqual(await counts(), before);
});

test(`bad data maps are refused before anything is touched (${backendName})`, async () => {
  const before = await counts();
  const bad = parseDataMaps([{ file: 'bad.yaml', source: 'tables:\n  users:\n    subject: user\n    columns: { emial: identification }\n    clocks: { account_closed: closed_at }\n' }], policy.policy);
  await assert.rejects(run({ ...ctx, map: bad }, { rule: 'users_customers' }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'CUSTODIAN_RETENTION_DATAMAP_MISMATCH');
    assert.match(e.message, /categorised column "emial" does not exist/);
    return true;
  });
  const notTime = parseDataMaps([{ file: 'bad.yaml', source: 'tables:\n  users:\n    subject: user\n    columns: { email: identification }\n    anonymise: { email: hash }\n    clocks: { account_closed: email }\n' }], policy.policy);
  await assert.rejects(plan({ ...ctx, map: notTime }), /clock account_closed: column "email" is text, not a timestamp/);
  assert.throws(
    () => parseDataMaps([{ file: 'c.yaml', source: 'tables:\n  a:\n    subject: user\n    references: { b_id: b }\n  b:\n    subject: user\n    references: { a_id: a }\n' }], policy.policy),
    (e: Error & { code?: string }) => e.code === 'CUSTODIAN_DATAMAP_REFERENCE_CYCLE' && /c\.yaml:\d+:\d+: .*cycle: a → b → a/.test(e.message),
  );
  assert.deepEqual(await counts(), before, 'nothing changed');
  assert.deepEqual(await store.query(`select id from retention_runs where status = 'running'`), [], 'no run recorded for a refused map');
});

test(`holds: a held subject is shown by the plan and never purged (${backendName})`, async () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const final = stepsFor(policy.policy, map, 'users_customers').find((s) => s.kind === 'final')!;
  const { bound } = stepBounds(ctx, final, now);
  const [victim] = await app.query<{ id: number; email: string }>(`select id, email from users where closed_at < $1 and not legal_hold order by id limit 1`, [bound]);
  const beforePlan = (await plan(ctx, { rule: 'users_customers', at: now })).find((e) => e.kind === 'final')!;
  await insertHold(store, victim.email, 'litigation', null);
  const afterPlan = (await plan(ctx, { rule: 'users_customers', at: now })).find((e) => e.kind === 'final')!;
  assert.equal(afterPlan.held, beforePlan.held + 1);
  assert.equal(afterPlan.due, beforePlan.due - 1);
});

test(`plan count = run count, checked by independent SQL; holds kept (${backendName})`, async () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const final = stepsFor(policy.policy, map, 'users_customers').find((s) => s.kind === 'final')!;
  const { bound } = stepBounds(ctx, final, now);
  const held = await n(`select count(*)::int as n from users where closed_at < $1 and legal_hold`, [bound]);
  const heldByStore = await n(`select count(*)::int as n from users where email = any($1)`, [(await store.query<{ subject: string }>(`select subject from retention_holds`)).map((r) => r.subject)]);
  const due = await n(`select count(*)::int as n from users where closed_at < $1 and not legal_hold`, [bound]) - heldByStore;
  const notDue = await n(`select count(*)::int as n from users where closed_at is null or closed_at >= $1`, [bound]);
  const logsOfDue = await n(`select count(*)::int as n from login_logs where user_id in (select id from users where closed_at < $1 and not legal_hold) and user_id not in (select id from users where email in (select unnest($2::text[])))`, [
    bound,
    (await store.query<{ subject: string }>(`select subject from retention_holds`)).map((r) => r.subject),
  ]);
  const entry = (await plan(ctx, { rule: 'users_customers', at: now })).find((e) => e.kind === 'final')!;
  assert.ok(due > 0, 'the demo has accounts closed more than 90 days ago');
  assert.equal(entry.due, due, 'plan due = independent SQL');
  assert.equal(entry.below.login_logs.detach, logsOfDue, 'plan detach = SQL');

  const [summary] = await run(ctx, { rule: 'users_customers', now, batchSize: 50, maxBatch: 50 });
  assert.equal(summary.status, 'done');
  const left = await n(`select count(*)::int as n from users where closed_at is null or closed_at >= $1`, [bound]);
  assert.equal(summary.counts.users.delete, due, `run delete = SQL (not-due before ${notDue}, after ${left})`);
  assert.equal(summary.counts.login_logs.detach, logsOfDue, 'run detach = SQL');
  assert.equal(await n(`select count(*)::int as n from users where closed_at < $1`, [bound]), held + heldByStore, 'only held accounts remain');
  assert.equal(await n(`select count(*)::int as n from users where closed_at is null or closed_at >= $1`, [bound]), notDue, 'accounts not due untouched');
  assert.equal(await n(`select count(*)::int as n from custodian_archive.records where ext = 'users_customers:evidence_archiving' and tbl = 'users'`), summary.counts.users.archive ? await n(`select count(*)::int as n from custodian_archive.records where ext = 'users_customers:evidence_archiving' and tbl = 'users'`) : 0);
  // Archived rows keep only the extension's categories.
  const [archived] = await app.query<{ data: Record<string, unknown> }>(`select data from custodian_archive.records where ext = 'users_customers:prospecting' and tbl = 'users' limit 1`);
  if (archived) assert.deepEqual(Object.keys(archived.data).sort(), ['birth_date', 'email', 'first_name', 'last_name', 'password_hash', 'phone']);
  const again = (await plan(ctx, { rule: 'users_customers', at: now })).find((e) => e.kind === 'final')!;
  assert.equal(again.due, 0, 'nothing left due');

  // Connection data: each login row older than a year goes, except those of held accounts.
  const conn = stepsFor(policy.policy, map, 'connection')[0];
  const cb = stepBounds(ctx, conn, now).bound;
  const connPlan = (await plan(ctx, { rule: 'connection', at: now }))[0];
  const [c] = await run(ctx, { rule: 'connection', now, batchSize: 100, maxBatch: 100 });
  assert.equal(c.counts.login_logs.delete, connPlan.due, 'connection run = plan');
  assert.equal(await n(`select count(*)::int as n from login_logs where at < $1`, [cb]), connPlan.held, 'only held logins remain');
});

test(`anonymise: keyed hash, dates generalised, never twice (${backendName})`, async () => {
  const anonPolicy = structuredClone(policy);
  const rule = anonPolicy.policy.retention.find((r) => r.id === 'prospects')!;
  rule.then = 'anonymise';
  const actx = { ...ctx, policy: anonPolicy };
  const now = new Date('2026-06-01T00:00:00Z');
  const step = stepsFor(anonPolicy.policy, map, 'prospects')[0];
  const { bound } = stepBounds(actx, step, now);
  const due = await app.query<{ id: number; email: string }>(`select id, email from prospects where greatest(created_at, last_contact_at) < $1 order by id`, [bound]);
  assert.ok(due.length > 0);
  const [s] = await run(actx, { rule: 'prospects', now, batchSize: 20, maxBatch: 20 });
  assert.equal(s.counts.prospects.anonymise, due.length);
  const rows = await app.query<{ id: number; email: string; first_name: string | null; created_at: Date; source: string }>(`select id, email, first_name, created_at, source from prospects where id = any($1) order by id`, [due.map((d) => d.id)]);
  const expected = `anon:${createHmac('sha256', KEY).update(due[0].email).digest('hex').slice(0, 32)}`;
  assert.equal(rows[0].email, expected, 'HMAC-SHA-256 with the key');
  assert.ok(rows.every((r) => r.first_name === null && r.source === 'unknown'));
  assert.ok(rows.every((r) => toWall(r.created_at.getTime(), 'Europe/Paris').day === 1), 'created_at generalised to the month (in the controller time zone)');
  const [again] = await run(actx, { rule: 'prospects', now });
  assert.deepEqual(again.counts, {}, 'an anonymised row is not anonymised again');
});

test(`archives are restricted and deleted when their extension ends (${backendName})`, async () => {
  const archived = await n(`select count(*)::int as n from custodian_archive.records`);
  assert.ok(archived > 0, 'the account run archived rows');
  const grants = await app.query(`select grantee from information_schema.role_table_grants where table_schema = 'custodian_archive' and grantee = 'PUBLIC'`);
  assert.deepEqual(grants, [], 'the archive is not readable by everyone');
  const later = new Date('2032-06-01T00:00:00Z');
  const [s] = await run(ctx, { rule: 'users_customers', now: later });
  assert.equal(s.status, 'done');
  assert.equal(s.counts['custodian_archive.records'].expire, archived);
  assert.equal(await n(`select count(*)::int as n from custodian_archive.records`), 0);
});

test(`the daily schedule is a pg-boss cron in the policy's time zone (${backendName})`, async () => {
  const { startJobs } = await import('../store/jobs.ts');
  const { scheduleRetention, RETENTION_QUEUE } = await import('./routes.ts');
  const boss = await startJobs(store, store.url);
  try {
    await scheduleRetention(boss, { db: store, loaded: policy, config: {}, log: console } as never);
    const schedules = await boss.getSchedules();
    const s = schedules.find((x: { name: string }) => x.name === RETENTION_QUEUE) as { cron: string; options: { tz?: string } } | undefined;
    assert.equal(s?.cron, '0 3 * * *');
    assert.equal(s?.options.tz ?? (s as unknown as { timezone?: string })?.timezone, 'Europe/Paris');
  } finally {
    await boss.stop({ graceful: false });
  }
});
