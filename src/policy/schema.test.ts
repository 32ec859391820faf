// schema/policy.schema.json is committed (editors and the package use it): it must be exactly what
// `custodian schema` generates from the model. Regenerate with `npm run schema`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { policyJsonSchema } from './schema.ts';

test('the committed JSON Schema equals the generated one', () => {
  const committed = readFileSync(new URL('../../schema/policy.schema.json', import.meta.url), 'utf8');
  assert.equal(committed, `${JSON.stringify(policyJsonSchema(), null, 2)}\n`, 'schema/policy.schema.json is stale: run npm run schema');
});
