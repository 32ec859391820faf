// npm run bench:retention [-- --subjects N] — the demo database on PostgreSQL (own database), then:
// plan time; the engine's purge of the connection rule (login logs) in rows/s beside a raw keyset-batched
// DELETE of an identical copy of the same table with the same cutoff, in the same run; the longest batch;
// the account-closure rule (children first); peak RSS. Budgets: engine ≥ 50 % of raw, batches ≤ 100 ms.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPostgres } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { migrationSources } from '../src/modules.ts';
import { loadPolicyFile } from '../src/policy/load.ts';
import { dataMapOf } from '../src/retention/context.ts';
import { seedDemo } from '../src/retention/demo.ts';
import { plan, run, stepBounds } from '../src/retention/engine.ts';
import { stepsFor } from '../src/retention/steps.ts';

const { values } = parseArgs({ options: { subjects: { type: 'string', default: '1000000' }, url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' }, reuse: { type: 'boolean' } } });
const subjects = Number(values.subjects);
const base = new URL(values.url!);
const dbName = `custodian_bench_retention`;
const admin = new pg.Client({ connectionString: base.toString() });
await admin.connect();
if (!values.reuse) {
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.query(`create database ${dbName}`);
}
await admin.end();
base.pathname = `/${dbName}`;
const db = await openPostgres(base.toString(), 4);
const log = (s: string) => process.stderr.write(`${s}\n`);

if (!values.reuse) {
  log(`seeding ${subjects} subjects …`);
  const seeded = await seedDemo(db, { subjects, onProgress: (t, ms) => log(`  ${t} ${(ms / 1000).toFixed(1)} s`) });
  log(`seeded in ${(seeded.ms / 1000).toFixed(0)} s: ${JSON.stringify(seeded.counts)}`);
}
await migrate(db, migrationSources());
const policy = loadPolicyFile('examples/ksaar/policy.yaml');
const map = dataMapOf(policy);
const ctx = { store: db, policy, map, connections: new Map([['app', db]]), hashKey: Buffer.from('bench') };
const now = new Date();

// Plan time (every rule).
let t = performance.now();
const entries = await plan(ctx, { at: now });
const planMs = performance.now() - t;
const dueLogins = entries.find((e) => e.step === 'connection/login_logs/final')!.due;
log(`plan: ${planMs.toFixed(0)} ms; login rows due ${dueLogins}`);

// The raw baseline gets an identical copy of login_logs (same rows, same indexes).
await db.exec(`drop table if exists login_logs_raw; create table login_logs_raw as table login_logs;
  alter table login_logs_raw add primary key (id); create index on login_logs_raw (at, id)`);
await db.exec(`vacuum analyze login_logs_raw`);
await db.exec(`vacuum analyze login_logs`);
const step = stepsFor(policy.policy, map, 'connection')[0];
const { bound } = stepBounds(ctx, step, now);

// Raw: keyset batches of 10 000 on (at, id), one transaction each, same cutoff — no holds, no evidence.
t = performance.now();
let rawRows = 0;
let rawLongest = 0;
const rawBatches: number[] = [];
const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return +(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(1);
};
let last: [string, string] | undefined;
for (;;) {
  const b0 = performance.now();
  const [row] = await db.query<{ at: string | null; id: string | null; n: number }>(
    `with b as (select id, at from login_logs_raw where at < $1::timestamptz ${last ? 'and (at, id) > ($2::timestamptz, $3::bigint)' : ''} order by at, id limit 10000),
          d as (delete from login_logs_raw r using b where r.id = b.id returning b.at, b.id)
     select to_char((array_agg(at order by at desc, id desc))[1] at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
            ((array_agg(id order by at desc, id desc))[1])::text as id, count(*)::int as n from d`,
    last ? [bound, ...last] : [bound],
  );
  rawLongest = Math.max(rawLongest, performance.now() - b0);
  rawBatches.push(performance.now() - b0);
  if (row.n === 0) break;
  last = [row.at!, row.id!];
  rawRows += row.n;
}
const rawMs = performance.now() - t;
log(`raw: ${rawRows} rows in ${rawMs.toFixed(0)} ms, longest batch ${rawLongest.toFixed(1)} ms`);

// Engine: the connection rule (holds excluded, evidence recorded, adaptive batches).
t = performance.now();
const [conn] = await run(ctx, { rule: 'connection', now, trigger: 'bench' });
const engineMs = performance.now() - t;
const engineRows = conn.counts.login_logs?.delete ?? 0;
log(`engine: ${engineRows} rows in ${engineMs.toFixed(0)} ms, longest batch ${conn.longestBatchMs.toFixed(1)} ms (${conn.batches} batches)`);

// Engine: account closure (archive, then children first).
t = performance.now();
const [closure] = await run(ctx, { rule: 'users_customers', now, trigger: 'bench' });
const closureMs = performance.now() - t;
const closureRows = Object.values(closure.counts).reduce((n, a) => n + Object.values(a).reduce((x, y) => x + y, 0), 0);
log(`closure: ${closureRows} rows in ${closureMs.toFixed(0)} ms, longest batch ${closure.longestBatchMs.toFixed(1)} ms`);

const result = {
  date: new Date().toISOString(),
  machine: `${cpus().length} CPU, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  subjects,
  planMs: Math.round(planMs),
  raw: { rows: rawRows, ms: Math.round(rawMs), rowsPerS: Math.round(rawRows / (rawMs / 1000)), longestBatchMs: +rawLongest.toFixed(1), p50BatchMs: pct(rawBatches, 50), p99BatchMs: pct(rawBatches, 99) },
  engine: { rows: engineRows, ms: Math.round(engineMs), rowsPerS: Math.round(engineRows / (engineMs / 1000)), longestBatchMs: +conn.longestBatchMs.toFixed(1), p50BatchMs: pct(conn.batchMs, 50), p99BatchMs: pct(conn.batchMs, 99), batches: conn.batches },
  ratio: +((engineRows / engineMs) / (rawRows / rawMs)).toFixed(2),
  closure: { rows: closureRows, ms: Math.round(closureMs), rowsPerS: Math.round(closureRows / (closureMs / 1000)), longestBatchMs: +closure.longestBatchMs.toFixed(1), p50BatchMs: pct(closure.batchMs, 50), p99BatchMs: pct(closure.batchMs, 99), batches: closure.batches },
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
};
console.log(JSON.stringify(result, null, 2));
await db.close();
