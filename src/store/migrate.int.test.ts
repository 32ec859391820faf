import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrate, splitStatements } from './migrate.ts';
import { migrationSources } from '../modules.ts';
import { backendName, testDb } from './testing.ts';

test(`migrations apply once and are recorded (${backendName})`, async () => {
  const db = await testDb();
  try {
    const again = await migrate(db, migrationSources());
    assert.deepEqual(again, [], 'a second start applies nothing');
    const rows = await db.query<{ module: string; name: string }>('select module, name from custodian_migrations order by module, name');
    assert.ok(rows.some((r) => r.module === 'policy' && r.name === '001_versions.sql'));
  } finally {
    await db.close();
  }
});

test(`two migrators at once apply each migration exactly once (${backendName})`, async () => {
  const db = await testDb({ migrate: false });
  try {
    const [a, b] = await Promise.all([migrate(db, migrationSources()), migrate(db, migrationSources())]);
    assert.equal(a.length + b.length, new Set([...a, ...b]).size, 'no migration applied twice');
    assert.ok(a.length + b.length > 0);
  } finally {
    await db.close();
  }
});

test('statements are split on line-ending semicolons, keeping $$ bodies whole', () => {
  const parts = splitStatements(`-- comment\ncreate table a (x int);\ncreate function f() returns int as $$\nbegin\n  return 1;\nend;\n$$ language plpgsql;\n`);
  assert.equal(parts.length, 2);
  assert.match(parts[1], /return 1;\nend;\n\$\$ language plpgsql;$/);
});
