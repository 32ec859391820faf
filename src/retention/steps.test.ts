import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPolicyFile } from '../policy/load.ts';
import { hmacPads } from './anonymise.ts';
import { dataMapOf } from './context.ts';
import { stepsFor } from './steps.ts';
import { createHash, createHmac } from 'node:crypto';

const loaded = loadPolicyFile('examples/ksaar/policy.yaml');
const map = dataMapOf(loaded);

test('the account rule: archives at +90 days, then deletes; archives expire after their extension', () => {
  const steps = stepsFor(loaded.policy, map, 'users_customers');
  assert.deepEqual(
    steps.map((s) => `${s.id} ${s.action}`),
    [
      'users_customers/users/archive:prospecting archive',
      'users_customers/users/archive:evidence_archiving archive',
      'users_customers/users/final delete',
      'users_customers/users/expire:prospecting expire',
      'users_customers/users/expire:evidence_archiving expire',
    ],
  );
  const expire = steps.find((s) => s.purpose === 'evidence_archiving' && s.kind === 'expire')!;
  assert.deepEqual([expire.after.years, expire.after.days], [5, 90], 'P90D + P5Y');
  assert.deepEqual(steps[0].categories, ['identification'], 'the canvassing archive keeps only identification');
});

test('a rule whose categories are only part of a row anonymises them; live extensions reduce first', () => {
  const policy = structuredClone(loaded.policy);
  policy.retention = [
    {
      id: 'r',
      label: { en: 'r' },
      subjects: ['user'],
      categories: ['identification', 'relationship'],
      clock: 'account_closed',
      keep: 'P1Y',
      then: 'delete',
      extensions: [{ purpose: 'prospecting', keep: 'P2Y', categories: ['identification'] }],
    },
  ];
  const steps = stepsFor(policy, map);
  assert.deepEqual(steps.map((s) => [s.kind, s.action, s.categories.join(',')]), [
    ['reduce', 'anonymise', 'relationship'],
    ['final', 'delete', 'identification,relationship'],
  ]);
  assert.equal(steps[1].after.years, 3);
  policy.retention[0].categories = ['identification'];
  policy.retention[0].extensions = [];
  assert.equal(stepsFor(policy, map)[0].action, 'anonymise', 'users hold relationship data too: the row stays');
});

test('HMAC pads reproduce HMAC-SHA-256', () => {
  const key = Buffer.from('secret');
  const { ipad, opad } = hmacPads(key);
  const inner = createHash('sha256').update(Buffer.concat([ipad, Buffer.from('a@b.c')])).digest();
  const outer = createHash('sha256').update(Buffer.concat([opad, inner])).digest('hex');
  assert.equal(outer, createHmac('sha256', key).update('a@b.c').digest('hex'));
});
