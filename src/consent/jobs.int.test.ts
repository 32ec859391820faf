// The daily maintenance job (partitions ahead, purge) is scheduled and runs on the job queue.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../config.ts';
import { createServer } from '../server.ts';
import { backendName, testDb } from '../store/testing.ts';
import * as q from './queries.ts';
import { MAINTENANCE_QUEUE } from './routes.ts';

test(`consent maintenance: scheduled daily, runs, purges (${backendName})`, { timeout: 120_000 }, async () => {
  const db = await testDb();
  const config = loadConfig({
    PORT: '0',
    CUSTODIAN_POLICY: 'test/fixtures/policy.yaml',
    CUSTODIAN_JOBS: 'true',
    LOG_LEVEL: 'silent',
    ...(db.url ? { DATABASE_URL: db.url } : {}),
  });
  const server = await createServer(config, { db, logger: false });
  try {
    const jobs = server.ctx.jobs!;
    assert.ok(jobs, 'the job queue runs');
    const schedules = await jobs.getSchedules(MAINTENANCE_QUEUE);
    assert.equal(schedules.length, 1);
    assert.equal(schedules[0].cron, '17 3 * * *');
    // An expired month exists; running the job now drops it.
    await q.ensurePartitions(db, new Date('2020-01-15T00:00:00Z'), 1);
    assert.ok((await q.listPartitions(db)).includes('consent_events_y2020m01'));
    const id = await jobs.send(MAINTENANCE_QUEUE);
    const started = Date.now();
    let state: string | undefined;
    while (Date.now() - started < 60_000) {
      state = (await jobs.getJobById(MAINTENANCE_QUEUE, id!))?.state;
      if (state === 'completed' || state === 'failed') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(state, 'completed');
    assert.ok(!(await q.listPartitions(db)).includes('consent_events_y2020m01'), 'the expired partition is dropped');
  } finally {
    await server.close();
    await db.close();
  }
});
