import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Fastify from 'fastify';
import { loadConfig } from '../config.ts';
import { openUrl } from '../datamap/connect.ts';
import { loadPolicyFile } from '../policy/load.ts';
import { publish } from '../policy/versions.ts';
import { backendName, testDb } from '../store/testing.ts';
import { openEngine } from './context.ts';
import { seedDemo } from './demo.ts';
import { run } from './engine.ts';
import { retentionRoutes } from './routes.ts';

test(`GET /v1/admin/retention/plan and /runs (${backendName})`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'custodian-routes-'));
  const appUrl = `pglite:${join(dir, 'app-db')}`;
  const seedDb = await openUrl(appUrl);
  await seedDemo(seedDb, { subjects: 300 });
  await seedDb.close();
  const saved = process.env.APP_DATABASE_URL;
  process.env.APP_DATABASE_URL = appUrl;
  const store = await testDb();
  const app = Fastify();
  // Stands in for the access module's authentication: the caller's roles come from a test header.
  app.addHook('onRequest', async (request) => {
    request.principal = { kind: 'staff', id: 'tester', roles: String(request.headers['x-test-roles'] ?? 'dpo').split(',') };
  });
  try {
    const config = loadConfig({ CUSTODIAN_DATA_DIR: dir });
    const loaded = loadPolicyFile('examples/ksaar/policy.yaml');
    await retentionRoutes(app, { db: store, config, loaded } as never);
    const plan = await app.inject({ method: 'GET', url: '/v1/admin/retention/plan?rule=prospects' });
    assert.equal(plan.statusCode, 200);
    const entries = plan.json().plan as { step: string; due: number; upcoming: unknown[] }[];
    assert.equal(entries.length, 1);
    assert.equal(entries[0].step, 'prospects/prospects/final');
    assert.ok(entries[0].due > 0);
    assert.equal(entries[0].upcoming.length, 12);
    assert.equal((await app.inject({ method: 'GET', url: '/v1/admin/retention/plan?at=yesterday' })).statusCode, 400);

    assert.deepEqual((await app.inject({ method: 'GET', url: '/v1/admin/retention/runs' })).json(), { runs: [] });
    const clerk = await app.inject({ method: 'GET', url: '/v1/admin/retention/runs', headers: { 'x-test-roles': 'support' } });
    assert.equal(clerk.statusCode, 403, 'only the DPO, admins and control read the evidence');
    await publish(store, loaded);
    const engine = await openEngine(store, config, { policyFile: loaded.file });
    try {
      await run(engine, { rule: 'prospects', trigger: 'test' });
    } finally {
      await engine.close();
    }
    const runs = (await app.inject({ method: 'GET', url: '/v1/admin/retention/runs?rule=prospects' })).json().runs;
    assert.equal(runs.length, 1);
    assert.equal(runs[0].status, 'done');
    assert.equal(runs[0].counts.prospects.delete, entries[0].due);
    assert.equal(runs[0].trigger, 'test');
    assert.equal(runs[0].policy_version, `v1 (effective ${loaded.policy.version.effective})`, 'evidence names the published version');
  } finally {
    await app.close();
    await store.close();
    if (saved === undefined) delete process.env.APP_DATABASE_URL;
    else process.env.APP_DATABASE_URL = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
