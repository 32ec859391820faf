import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backendName, testDb } from '../store/testing.ts';
import { parsePolicy, loadPolicyFile } from './load.ts';
import { publish, publishIfEmpty, versionAt, versionById, listVersions } from './versions.ts';
import { diffPolicies } from './diff.ts';

const fixture = 'test/fixtures/policy.yaml';

test(`versions: first start publishes v1, identical publish refused, history kept (${backendName})`, async () => {
  const db = await testDb();
  try {
    const loaded = loadPolicyFile(fixture);
    const v1 = await publishIfEmpty(db, loaded);
    assert.equal(v1?.id, 1);
    assert.equal(await publishIfEmpty(db, loaded), undefined, 'only on an empty store');
    await assert.rejects(publish(db, loaded), { code: 'CUSTODIAN_POLICY_VERSION_UNCHANGED' });

    const changed = parsePolicy(loaded.source.replace('keep: P90D', 'keep: P30D').replace('2024-01-01', '2024-06-01'), fixture);
    const v2 = await publish(db, changed, { note: 'shorter' });
    assert.equal(v2.id, 2);
    assert.equal(v2.effective, '2024-06-01');
    assert.equal((await versionAt(db, '2024-03-01')).id, 1, 'v1 was in force in March');
    assert.equal((await versionAt(db, '2024-06-01')).id, 2);
    await assert.rejects(versionAt(db, '2023-01-01'), { code: 'CUSTODIAN_POLICY_NO_VERSION_IN_FORCE' });
    await assert.rejects(versionById(db, 9), { code: 'CUSTODIAN_POLICY_VERSION_NOT_FOUND' });
    assert.deepEqual((await listVersions(db)).map((v) => v.id), [2, 1]);

    const stored = await versionById(db, 1);
    assert.deepEqual(Object.keys(stored.policy.categories), ['identification', 'connection'], 'document order kept');
    const diff = diffPolicies(stored.policy, v2.policy);
    assert.deepEqual(diff.map((d) => d.section).sort(), ['retention', 'version']);
    assert.deepEqual(diff.find((d) => d.section === 'retention')?.changed, ['users']);
  } finally {
    await db.close();
  }
});

test(`versions: two publishers at once get distinct ids (${backendName})`, async () => {
  const db = await testDb();
  try {
    const base = loadPolicyFile(fixture);
    const a = parsePolicy(base.source.replace('P90D', 'P91D'), fixture);
    const b = parsePolicy(base.source.replace('P90D', 'P92D'), fixture);
    const [x, y] = await Promise.all([publish(db, a), publish(db, b)]);
    assert.notEqual(x.id, y.id);
  } finally {
    await db.close();
  }
});
