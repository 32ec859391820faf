import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPolicyFile } from '../policy/load.ts';
import { dataMapOf } from '../retention/context.ts';
import { seedDemo } from '../retention/demo.ts';
import { backendName, testDb } from '../store/testing.ts';
import { checkDataMap } from './check.ts';
import { listColumns, listForeignKeys, listPrimaryKeys } from './queries.ts';
import { suggestDataMap } from './suggest.ts';

const map = dataMapOf(loadPolicyFile('examples/ksaar/policy.yaml'));

test(`datamap check: the demo database matches; drift is reported, missing clock indexes printed (${backendName})`, async () => {
  const app = await testDb({ migrate: false });
  try {
    await seedDemo(app, { subjects: 50 });
    const connections = new Map([['app', app]]);
    const ok = await checkDataMap(map, connections);
    assert.deepEqual(ok.problems, []);
    assert.deepEqual(ok.missingIndexes, []);

    await app.exec(`drop index prospects_last_contact; drop index login_logs_at`);
    await app.exec(`alter table users rename column phone to mobile; alter table login_logs alter column at type text using at::text`);
    await app.exec(`alter table reviews alter column author_name set not null`);
    const bad = await checkDataMap(map, connections);
    const messages = bad.problems.map((p) => p.message);
    assert.ok(messages.includes('users: categorised column "phone" does not exist'), messages.join('\n'));
    assert.ok(messages.includes('login_logs: clock last_connection: column "at" is text, not a timestamp or date'), messages.join('\n'));
    assert.ok(messages.some((m) => /^reviews: anonymisation of "author_name" \(null\): the column is NOT NULL/.test(m)), messages.join('\n'));
    assert.deepEqual(bad.missingIndexes.sort(), [
      'create index concurrently login_logs_last_connection_retention on "public"."login_logs" ("at", "id");',
      'create index concurrently prospects_last_contact_retention on "public"."prospects" ((greatest(created_at, last_contact_at)), "id");',
    ]);
  } finally {
    await app.close();
  }
});

test(`datamap suggest reads the live schema (${backendName})`, async () => {
  const app = await testDb({ migrate: false });
  try {
    await seedDemo(app, { subjects: 5 });
    const yaml = suggestDataMap('public', await listColumns(app, 'public'), await listPrimaryKeys(app, 'public'), await listForeignKeys(app, 'public'));
    assert.match(yaml, /login_logs:[\s\S]*?references:\n {6}user_id: users[\s\S]*?ip: connection/);
    assert.match(yaml, /users:[\s\S]*?email: identification[\s\S]*?account_closed: closed_at[\s\S]*?hold: legal_hold/);
  } finally {
    await app.close();
  }
});
