// A run killed with SIGKILL midway resumes where it stopped: no row skipped, none processed twice.
// The CLI runs in a child process against PostgreSQL (DATABASE_URL set) or embedded PGlite data dirs.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Db, openPglite } from '../store/db.ts';
import { backendName, onPostgres, type TestDb, testDb } from '../store/testing.ts';

const bin = new URL('../../bin/custodian.js', import.meta.url).pathname;

function cli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function finish(child: ChildProcess): Promise<{ code: number | null; out: string; err: string }> {
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, out, err };
}

test(`a run killed with SIGKILL resumes exactly where it stopped (${backendName})`, { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'custodian-kill-'));
  const env: NodeJS.ProcessEnv = { ...process.env, CUSTODIAN_DATA_DIR: dir, CUSTODIAN_POLICY: 'examples/ksaar/policy.yaml', CUSTODIAN_HASH_KEY: 'kill-test-hash-key-0123456789' };
  let store: TestDb | undefined;
  let app: TestDb | undefined;
  if (onPostgres) {
    store = await testDb();
    app = await testDb({ migrate: false });
    env.DATABASE_URL = store.url;
    env.APP_DATABASE_URL = app.url;
  } else {
    delete env.DATABASE_URL;
    delete env.APP_DATABASE_URL;
  }
  // Embedded databases can only be opened by one process at a time: open them between the children.
  const openApp = async (): Promise<Db> => app ?? (await openPglite(join(dir, 'app-db')));
  const openStoreDb = async (): Promise<Db> => store ?? (await openPglite(join(dir, 'store')));
  const release = async (db: Db) => {
    if (!onPostgres) await db.close();
  };
  try {
    const seeded = await finish(cli(['demo', 'seed', '--subjects', '1500'], env));
    assert.equal(seeded.code, 0, seeded.err);
    let db = await openApp();
    await db.exec(`create table snapshot as select l.id, l.at, coalesce(u.legal_hold, false) as held from login_logs l left join users u on u.id = l.user_id`);
    await release(db);

    // First run: killed after a few committed batches.
    const child = cli(['retention', 'run', '--rule', 'connection', '--batch-size', '100', '--progress'], env);
    let seen = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        seen += (d.toString().match(/^batch /gm) ?? []).length;
        if (seen >= 5) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code) => (seen >= 5 ? resolve() : reject(new Error(`the run ended (${code}) before it could be killed`))));
    });
    await new Promise((r) => child.once('exit', r).once('close', r));
    db = await openStoreDb();
    const [killed] = await db.query<{ status: string; id: string }>(`select id, status from retention_runs where rule = 'connection'`);
    assert.equal(killed.status, 'running', 'the killed run is left running');
    await release(db);
    db = await openApp();
    const partial = (await db.query<{ n: number }>(`select count(*)::int as n from snapshot s where not exists (select 1 from login_logs l where l.id = s.id)`))[0].n;
    await release(db);
    assert.ok(partial >= 500, `at least 5 batches were committed before the kill (${partial} rows)`);

    // Second run: resumes the same run, with the same cutoff.
    const second = await finish(cli(['retention', 'run', '--rule', 'connection', '--batch-size', '100'], env));
    assert.equal(second.code, 0, second.err);
    assert.match(second.out, /connection: done \(resumed\)/);

    db = await openStoreDb();
    const [run] = await db.query<{ id: string; status: string; resumed: number; counts: Record<string, Record<string, number>>; steps: { bound: string }[] }>(
      `select id, status, resumed, counts, steps from retention_runs where rule = 'connection'`,
    );
    await release(db);
    assert.equal(run.id, killed.id);
    assert.equal(run.status, 'done');
    assert.equal(run.resumed, 1);
    const bound = run.steps[0].bound;
    db = await openApp();
    const q = async (sql: string) => (await db.query<{ n: number }>(sql, [bound]))[0].n;
    const deleted = await q(`select count(*)::int as n from snapshot s where $1::text is not null and not exists (select 1 from login_logs l where l.id = s.id)`);
    const due = await q(`select count(*)::int as n from snapshot where at < $1::timestamptz and not held`);
    const wrong = await q(`select count(*)::int as n from snapshot s where (s.at >= $1::timestamptz or s.held) and not exists (select 1 from login_logs l where l.id = s.id)`);
    const missed = await q(`select count(*)::int as n from login_logs l join snapshot s using (id) where s.at < $1::timestamptz and not s.held`);
    await release(db);
    assert.ok(deleted > partial, 'the second run did the rest');
    assert.equal(wrong, 0, 'no row deleted that was not due or was held');
    assert.equal(missed, 0, 'no due row skipped');
    assert.equal(deleted, due);
    assert.equal(run.counts.login_logs.delete, due, 'recorded count = rows removed (nothing counted twice)');
  } finally {
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
