// `custodian start`: configuration → store → policy → jobs → HTTP, and a clean shutdown on SIGTERM/SIGINT.
import type { FastifyInstance } from 'fastify';
import type { PgBoss } from 'pg-boss';
import { type Config, describeConfig, loadConfig } from './config.ts';
import { buildConsoleIfMissing } from './console/serve.ts';
import type { AppContext } from './context.ts';
import { buildBanner } from '../banner/build.ts';
import { buildApp } from './http/app.ts';
import { ensureDemoDatabase } from './retention/demo.ts';
import { type LoadedPolicy, loadPolicyFile } from './policy/load.ts';
import { currentPolicyCache, publishIfEmpty } from './policy/versions.ts';
import type { Db } from './store/db.ts';
import { startJobs } from './store/jobs.ts';
import { openStore } from './store/open.ts';

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  close(): Promise<void>;
}

/** Builds everything and listens; used by `custodian start` and by the tests. */
export async function createServer(
  config: Config,
  options: { logger?: boolean; db?: Db; loaded?: LoadedPolicy } = {},
): Promise<RunningServer> {
  const loaded = options.loaded ?? loadPolicyFile(config.CUSTODIAN_POLICY); // throws with file:line:column problems
  const db = options.db ?? (await openStore(config));
  let jobs: PgBoss | undefined;
  try {
    await publishIfEmpty(db, loaded);
    if (config.CUSTODIAN_JOBS) jobs = await startJobs(db, config.DATABASE_URL);
    const policy = currentPolicyCache(db, () => loaded.policy.controller.time_zone);
    const ctx = { config, db, jobs, loaded, policy } as AppContext;
    const app = await buildApp(ctx, { logger: options.logger });
    ctx.log = app.log;
    const current = await policy.get();
    if (current.hash !== loaded.hash) {
      app.log.warn(`${config.CUSTODIAN_POLICY} differs from the published version ${current.id} in force; run "custodian publish" to publish it`);
    }
    const address = await app.listen({ port: config.PORT, host: config.HOST });
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        await app.close(); // in-flight requests finish; new ones get 503
        await jobs?.stop({ graceful: true, timeout: 10_000 }).catch(() => {});
        if (!options.db) await db.close();
      })());
    return { app, ctx, url: address.replace('[::1]', 'localhost'), close };
  } catch (err) {
    await jobs?.stop({ graceful: false }).catch(() => {});
    if (!options.db) await db.close();
    throw err;
  }
}

export async function startServer(): Promise<void> {
  const config = loadConfig();
  // The banner is served from banner/dist: build it on first start (npm ci && npm start, no other step).
  await buildBanner();
  // The console is served from console/dist: built by Vite when missing.
  await buildConsoleIfMissing();
  // The example policy's data map points at the embedded demo application database: seed it once.
  const loaded = loadPolicyFile(config.CUSTODIAN_POLICY);
  const seeded = loaded.policy.datamap.length > 0 ? await ensureDemoDatabase(process.env) : undefined;
  if (seeded) console.log(`Seeded the embedded demo application database (${seeded.counts.users ?? 0} users) in ${Math.round(seeded.ms)} ms`);
  const server = await createServer(config, { loaded });
  const { app, url } = server;
  app.log.info({ config: describeConfig(config) }, 'configuration');
  const where = config.DATABASE_URL ? 'PostgreSQL' : `the embedded store in ${config.CUSTODIAN_DATA_DIR}/`;
  console.log(`Custodian is running at ${url} on ${where}
  privacy policy   ${url}/privacy   (?lang=fr)
  cookie charter   ${url}/cookies
  staff console    ${url}/console/
  health           ${url}/healthz
  API description  ${url}/openapi.json`);
  let signals = 0;
  const stop = (signal: string) => {
    if (++signals > 1) process.exit(1); // a second Ctrl-C does not wait
    app.log.info(`${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
