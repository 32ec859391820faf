// `npm run bench:consent`: durable consent ingest (POST /v1/consents, group commit, PostgreSQL with
// synchronous_commit on) beside a bare node:http server answering 204, same machine, same run, with
// autocannon on loopback. Budget: ≥ 50% of the bare server's req/s with p99 ≤ 25 ms.
// Options (environment): BENCH_SECONDS (10), BENCH_CONNECTIONS (50), BENCH_PROFILE=1 (CPU profile of the
// Custodian process into bench/results/), DATABASE_URL (base server; default postgres://postgres@127.0.0.1:5432/test).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const profile = process.env.BENCH_PROFILE === '1';
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const dbName = 'custodian_bench_consent';

function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stderr!.on('data', (b) => process.stderr.write(b));
    child.stdout!.on('data', (b) => {
      out += b;
      const m = ready.exec(out);
      if (m) resolve({ child, match: m });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}): ${out}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  ok: number;
  errors: number;
  non2xx: number;
  load: number[];
  /** CPU seconds used by the server process during the run, and per request in µs. */
  serverCpu: number;
  cpuPerRequest: number;
  /** Linux CPU pressure (PSI "some" avg10, %): how often runnable tasks waited for a CPU, machine-wide. */
  cpuPressure: number | null;
}

function cpuPressure(): number | null {
  try {
    return Number(/some avg10=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1] ?? Number.NaN);
  } catch {
    return null;
  }
}

async function load(name: string, url: string, body: (() => string) | undefined, duration = seconds, pid?: number): Promise<Figures> {
  const cpu0 = pid ? cpuSeconds([pid]) : 0;
  const request = body
    ? {
        method: 'POST',
        path: '/v1/consents',
        headers: { origin: 'https://www.test.example', 'content-type': 'application/json' },
        setupRequest: (r: any) => ({ ...r, body: body() }),
      }
    : { method: 'GET', path: '/healthz' };
  const result = await autocannon({ url, connections, duration, requests: [request] });
  const serverCpu = pid ? cpuSeconds([pid]) - cpu0 : 0;
  return {
    cpuPressure: cpuPressure(),
    serverCpu,
    cpuPerRequest: Math.round((serverCpu * 1e6) / Math.max(1, result['2xx'])),
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    ok: result['2xx'],
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    load: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** CPU seconds (user + system) used so far by these processes, from /proc (Linux). */
function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process is gone
    }
  }
  return ticks / 100;
}

const consent = () =>
  JSON.stringify({
    eventId: randomUUID(),
    consentId: randomUUID(),
    property: 'www',
    action: 'custom',
    choices: { necessary: true, marketing: Math.random() < 0.4 },
    services: { pixel: false },
    policyVersion: 1,
    bannerHash: 'ab'.repeat(32),
    locale: 'en',
    gpc: false,
  });

const admin = new pg.Client({ connectionString: base.toString() });
await admin.connect();
await admin.query(`drop database if exists ${dbName} with (force)`);
await admin.query(`create database ${dbName}`);
const dbUrl = new URL(base.toString());
dbUrl.pathname = `/${dbName}`;
const [{ synchronous_commit }] = (await admin.query('show synchronous_commit')).rows;

console.log(`consent ingest bench: ${seconds}s × ${connections} connections, autocannon on loopback, load average before ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const figures: Figures[] = [];
let stored = 0;
let cpu = { custodian: 0, postgres: 0, autocannon: 0, requests: 0 };
const bare = await start(['bench/bare-server.ts'], {}, /listening (\d+)/);
try {
  const bareUrl = `http://127.0.0.1:${bare.match[1]}`;
  await load('warm-up', bareUrl, consent, 2);
  figures.push(await load('bare node:http 204', bareUrl, consent, seconds, bare.child.pid));
  await stop(bare.child);

  const flags = profile ? ['--cpu-prof', '--cpu-prof-dir=bench/results'] : [];
  const server = await start(
    [...flags, 'bin/custodian.js', 'start'],
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl.toString(),
      CUSTODIAN_POLICY: 'test/fixtures/policy.yaml',
      CUSTODIAN_JOBS: 'false',
      CUSTODIAN_CONSENT_RATE: '1000000',
      LOG_LEVEL: 'warn',
    },
    /running at (http:\/\/\S+)/,
  );
  try {
    await load('warm-up', server.match[1], consent, 2);
    // Where the CPU goes: the Custodian process, the PostgreSQL processes serving its database (and the
    // WAL writer), and the load generator itself.
    const pgPids = (
      await admin.query(`select pid from pg_stat_activity where datname = $1 or backend_type in ('walwriter', 'background writer')`, [dbName])
    ).rows.map((r) => r.pid as number);
    const before = { node: cpuSeconds([server.child.pid!]), pg: cpuSeconds(pgPids), gen: process.cpuUsage() };
    const f = await load('Custodian POST /v1/consents (PostgreSQL)', server.match[1], consent, seconds, server.child.pid);
    const gen = process.cpuUsage(before.gen);
    cpu = {
      custodian: cpuSeconds([server.child.pid!]) - before.node,
      postgres: cpuSeconds(pgPids) - before.pg,
      autocannon: (gen.user + gen.system) / 1e6,
      requests: f.ok,
    };
    figures.push(f);
    // Decomposition: the same Fastify app answering GET /healthz (no body, no validation, no database).
    // Skipped when profiling, so that the profile's last seconds are the consent run.
    if (!profile) figures.push(await load('Custodian GET /healthz (Fastify floor, no DB)', server.match[1], undefined, seconds, server.child.pid));
  } finally {
    await stop(server.child);
  }
  const check = new pg.Client({ connectionString: dbUrl.toString() });
  await check.connect();
  stored = Number((await check.query('select count(*) as n from consent_events')).rows[0].n);
  await check.end();

  const again = await start(['bench/bare-server.ts'], {}, /listening (\d+)/);
  try {
    figures.push(await load('bare node:http 204 (again)', `http://127.0.0.1:${again.match[1]}`, consent, seconds, again.child.pid));
  } finally {
    await stop(again.child);
  }
} finally {
  await stop(bare.child);
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}

const [b1, c, b2] = figures.filter((f) => !f.name.includes('/healthz'));
// The bare server runs before and after Custodian; the machine's load moves, so the ratio is taken against
// their mean (and shown against the better one too).
const bareRps = (b1.rps + b2.rps) / 2;
const ratio = c.rps / bareRps;
const ratioBest = c.rps / Math.max(b1.rps, b2.rps);
console.log('\n| run | req/s | p50 ms | p99 ms | max ms | 2xx | errors | server CPU s (µs/req) | load avg (1/5/15) | CPU pressure |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |');
for (const f of figures) {
  console.log(
    `| ${f.name} | ${f.rps} | ${f.p50} | ${f.p99} | ${f.max} | ${f.ok} | ${f.errors + f.non2xx} | ${f.serverCpu.toFixed(1)} (${f.cpuPerRequest}) | ${f.load.join(' / ')} | ${f.cpuPressure ?? '-'}% |`,
  );
}
const pass = ratio >= 0.5 && c.p99 <= 25;
console.log(
  `\nCustodian/bare = ${(ratio * 100).toFixed(1)}% of the bare mean, ${(ratioBest * 100).toFixed(1)}% of the better bare run (budget ≥ 50%), p99 ${c.p99} ms (budget ≤ 25 ms): ${pass ? 'within budget' : 'BUDGET MISSED'}; ` +
    `synchronous_commit=${synchronous_commit}; stored ${stored} rows (2xx received ${c.ok} + warm-up)`,
);
const per = (s: number) => ((s * 1e6) / Math.max(1, cpu.requests)).toFixed(0);
console.log(
  `CPU during the Custodian run (${seconds}s, 2 cores shared with the rest of the machine): Custodian ${cpu.custodian.toFixed(1)} s ` +
    `(${per(cpu.custodian)} µs/consent), PostgreSQL ${cpu.postgres.toFixed(1)} s (${per(cpu.postgres)} µs/consent), ` +
    `autocannon ${cpu.autocannon.toFixed(1)} s`,
);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/consent.json', `${JSON.stringify({ at: new Date().toISOString(), seconds, connections, synchronous_commit, figures, ratio, ratioBest, pass, stored, cpu }, null, 2)}\n`);
