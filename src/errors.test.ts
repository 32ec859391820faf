import assert from 'node:assert/strict';
import { globSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

test('errors: every code used in the sources is listed in docs/errors.md', () => {
  const catalogue = readFileSync('docs/errors.md', 'utf8');
  const used = new Set<string>();
  for (const file of globSync('src/**/errors.ts')) {
    for (const m of readFileSync(file, 'utf8').matchAll(/'(CUSTODIAN_[A-Z0-9_]+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 10);
  const missing = [...used].filter((code) => !catalogue.includes(`\`${code}\``));
  assert.deepEqual(missing, [], 'codes missing from docs/errors.md');
});
