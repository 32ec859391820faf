// The acceptance path: `custodian staff add --admin --email dpo@example.com` prints a
// set-password link; after setting the password, signing in over HTTP gives a session that reads
// /v1/admin/ routes, which answer 401 without it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../cli/main.ts';
import { loadConfig } from '../config.ts';
import { createServer } from '../server.ts';
import { backendName, onPostgres, type TestDb, testDb } from '../store/testing.ts';
import { Client } from './testing.ts';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => {
    err += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await main(argv), out, err };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
}

describe(`custodian staff (${backendName})`, () => {
  let dir: string;
  let pg: TestDb | undefined;
  const saved = { ...process.env };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'custodian-staff-'));
    process.env.CUSTODIAN_DATA_DIR = dir;
    process.env.CUSTODIAN_POLICY = 'test/fixtures/policy.yaml';
    process.env.CUSTODIAN_JOBS = 'false';
    process.env.LOG_LEVEL = 'silent';
    delete process.env.CUSTODIAN_PUBLIC_URL;
    if (onPostgres) {
      pg = await testDb({ migrate: false });
      process.env.DATABASE_URL = pg.url;
    }
  });
  after(async () => {
    process.env = saved;
    await pg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('staff add --admin prints a link; the password it sets opens /v1/admin/ over HTTP', async () => {
    const added = await run(['staff', 'add', '--admin', '--email', 'dpo@example.com']);
    assert.equal(added.code, 0, added.err);
    const m = /(http:\/\/127\.0\.0\.1:8080\/console\/#\/set-password\?token=([\w-]{43}))/.exec(added.out);
    assert.ok(m, added.out);
    assert.doesNotMatch(added.err, /./);

    const dup = await run(['staff', 'add', '--admin', '--email', 'DPO@example.com']);
    assert.equal(dup.code, 1);
    assert.match(dup.err, /CUSTODIAN_ACCESS_STAFF_EXISTS/);
    const usage = await run(['staff', 'add', '--email', 'x@example.com']);
    assert.equal(usage.code, 2);
    const uncleared = await run(['staff', 'add', '--email', 'agent@example.com', '--role', 'support']);
    assert.match(uncleared.err, /CUSTODIAN_ACCESS_CLEARANCE_REQUIRED/);
    const cleared = await run(['staff', 'add', '--email', 'agent@example.com', '--role', 'support', '--training', '2020-01-01', '--acknowledged']);
    assert.match(cleared.err, /expired/, 'a training older than training_refresh (P1Y) is refused');

    const server = await createServer(loadConfig({ ...process.env, PORT: '0' }), { logger: false });
    try {
      const anon = new Client(server.url);
      assert.equal((await anon.call('GET', '/v1/admin/whoami')).status, 401);
      assert.equal((await anon.call('POST', '/console/api/password', { token: m[2], password: 'a long enough password' })).status, 200);
      const signed = await anon.signIn('dpo@example.com', 'a long enough password');
      assert.equal(signed.status, 200);
      const who = await anon.call('GET', '/v1/admin/whoami');
      assert.equal(who.status, 200);
      assert.deepEqual(who.body.roles, ['admin']);
      assert.equal((await new Client(server.url).call('GET', '/v1/admin/whoami')).status, 401);
    } finally {
      await server.close();
    }

    const list = await run(['staff', 'list']);
    assert.match(list.out, /dpo@example\.com {2}active {2}roles: admin/);
    const training = await run(['staff', 'training', '--email', 'dpo@example.com', '--date', '2020-02-30']);
    assert.match(training.err, /CUSTODIAN_ACCESS_BAD_DATE/);
  });
});
