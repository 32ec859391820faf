// Diagnostic for the consent ingest: server and autocannon in one process, with the group committer's
// batch sizes and write times. `node bench/consent-inprocess.ts` (DATABASE_URL for PostgreSQL, else PGlite).
// Add --cpu-prof --cpu-prof-dir=bench/results and read it with bench/profile-summary.ts.
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config.ts';
import { createServer } from '../src/server.ts';
import { testDb } from '../src/store/testing.ts';
import { GroupCommitter } from '../src/consent/ingest.ts';
const proto: any = GroupCommitter.prototype;
const orig = proto.write;
const sizes: number[] = []; const times: number[] = [];
proto.write = async function (batch: any[]) { const s = performance.now(); await orig.call(this, batch); times.push(performance.now() - s); sizes.push(batch.length); };
process.env.CUSTODIAN_CONSENT_RATE = '0';
const db = await testDb();
const server = await createServer(loadConfig({ PORT: '0', CUSTODIAN_POLICY: 'test/fixtures/policy.yaml', CUSTODIAN_JOBS: 'false', LOG_LEVEL: 'warn' }), { db });
const body = () => JSON.stringify({ eventId: randomUUID(), consentId: randomUUID(), property: 'www', action: 'custom', choices: { necessary: true, marketing: false }, policyVersion: 1, bannerHash: 'ab'.repeat(32), locale: 'en', gpc: false });
const lag = monitorEventLoopDelay({ resolution: 1 });
lag.enable();
const cpu0 = process.cpuUsage();
const r = await autocannon({ url: server.url, connections: Number(process.env.BENCH_CONNECTIONS ?? 20), duration: Number(process.env.BENCH_SECONDS ?? 5), requests: [{ method: 'POST', path: '/v1/consents', headers: { origin: 'https://www.test.example', 'content-type': 'application/json' }, setupRequest: (q: any) => ({ ...q, body: body() }) }] });
const cpu = process.cpuUsage(cpu0);
console.log(`event-loop delay p50 ${(lag.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms; process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
console.log('rps', r.requests.average, 'p50', r.latency.p50, 'p99', r.latency.p99, 'non2xx', r.non2xx);
const avg = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
console.log('batches', sizes.length, 'avg size', avg(sizes).toFixed(1), 'avg write ms', avg(times).toFixed(2), 'max', Math.max(...times).toFixed(1));
await server.close(); await db.close();
