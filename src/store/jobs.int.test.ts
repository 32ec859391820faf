import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startJobs } from './jobs.ts';
import { backendName, testDb } from './testing.ts';

test(`jobs: pg-boss runs on the same database (${backendName})`, async () => {
  const db = await testDb();
  const boss = await startJobs(db, db.kind === 'postgres' ? (db as { url?: string }).url : undefined);
  try {
    await boss.createQueue('custodian-probe');
    const done = new Promise<unknown>((resolve) => {
      boss.work('custodian-probe', { pollingIntervalSeconds: 0.5 }, async ([job]) => resolve(job.data));
    });
    await boss.send('custodian-probe', { hello: 'world' });
    assert.deepEqual(await done, { hello: 'world' });
  } finally {
    await boss.stop({ graceful: false });
    await db.close();
  }
});
