import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPolicyFile } from '../policy/load.ts';
import { addDuration, clearanceProblem, effectiveRoles, roleCatalogue } from './clearance.ts';

const policy = loadPolicyFile('test/fixtures/policy.yaml').policy;

test('roles are the internal recipients plus dpo and admin; personal data marks the ones needing clearance', () => {
  const roles = roleCatalogue(policy);
  assert.deepEqual(
    roles.map((r) => [r.id, r.personalData]),
    [
      ['support', true],
      ['dpo', true],
      ['admin', false],
    ],
  );
});

test('addDuration does calendar arithmetic', () => {
  assert.equal(addDuration('2024-01-31', 'P1M'), '2024-02-29');
  assert.equal(addDuration('2023-03-15', 'P1Y'), '2024-03-15');
  assert.equal(addDuration('2024-12-20', 'P2W'), '2025-01-03');
  assert.equal(addDuration('2024-02-29', 'P1Y'), '2025-02-28');
});

test('clearance needs an acknowledgement and a training date within the refresh interval', () => {
  const ack = '2024-01-01T00:00:00Z';
  assert.match(clearanceProblem({ confidentialityAcknowledgedAt: null, trainingDate: '2024-01-01' }, 'P1Y', '2024-06-01')!, /confidentiality/);
  assert.match(clearanceProblem({ confidentialityAcknowledgedAt: ack, trainingDate: null }, 'P1Y', '2024-06-01')!, /training/);
  assert.equal(clearanceProblem({ confidentialityAcknowledgedAt: ack, trainingDate: '2024-01-01' }, 'P1Y', '2025-01-01'), undefined);
  assert.match(clearanceProblem({ confidentialityAcknowledgedAt: ack, trainingDate: '2024-01-01' }, 'P1Y', '2025-01-02')!, /expired on 2025-01-01/);
  assert.match(clearanceProblem({ confidentialityAcknowledgedAt: ack, trainingDate: '2024-07-01' }, 'P1Y', '2024-06-01')!, /future/);
});

test('effective roles drop personal-data roles when clearance lapses, and roles the policy no longer has', () => {
  const catalogue = roleCatalogue(policy);
  const facts = { confidentialityAcknowledgedAt: '2024-01-01T00:00:00Z', trainingDate: '2024-01-01' };
  assert.deepEqual(effectiveRoles(['admin', 'support', 'gone'], catalogue, facts, 'P1Y', '2024-06-01'), ['admin', 'support']);
  assert.deepEqual(effectiveRoles(['admin', 'support'], catalogue, facts, 'P1Y', '2025-06-01'), ['admin']);
});
