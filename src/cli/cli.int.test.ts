import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { backendName, createTestDatabase, dropTestDatabase, onPostgres } from '../store/testing.ts';

const run = promisify(execFile);

export async function custodian(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/custodian.js', ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('cli: help, version and an unknown command', async () => {
  const help = await custodian(['help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /publish \[FILE\]/);
  assert.match((await custodian(['--version'])).stdout, /^\d+\.\d+\.\d+/);
  const unknown = await custodian(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  const badFlag = await custodian(['versions', '--bogus']);
  assert.equal(badFlag.code, 2);
  assert.match(badFlag.stderr, /custodian versions: .*bogus/);
});

test(`cli: publish, publish again (refused), versions (${backendName})`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'custodian-cli-'));
  const url = onPostgres ? await createTestDatabase() : undefined;
  const env: Record<string, string> = { CUSTODIAN_DATA_DIR: dir, CUSTODIAN_POLICY: 'test/fixtures/policy.yaml', DATABASE_URL: url ?? '' };
  try {
    const first = await custodian(['publish', '--note', 'first'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /published version 1, effective 2024-01-01/);
    const again = await custodian(['publish'], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /identical to version 1.*CUSTODIAN_POLICY_VERSION_UNCHANGED/);
    const later = await custodian(['publish', '--effective', '2025-02-01', '--note', 'new date'], env);
    assert.equal(later.code, 0, later.stderr);
    const list = JSON.parse((await custodian(['versions', '--json'], env)).stdout);
    assert.deepEqual(list.map((v: { id: number; effective: string }) => [v.id, v.effective]), [[2, '2025-02-01'], [1, '2024-01-01']]);
    const bad = await custodian(['publish', 'test/fixtures/bad-policy.yaml'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /bad-policy\.yaml:\d+:\d+: retention\[0\]\.keep/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (url) await dropTestDatabase(url);
  }
});
