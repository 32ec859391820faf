// The loader's errors, exactly: a table of bad documents, each with the file:line:column, path and
// message a DPO gets. The good document below loads; each case changes one thing in it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem, PolicyLoadError, parsePolicy } from './load.ts';
import { PolicyErrors } from './errors.ts';

const good = `custodian: 1
controller:
  name: Acme
  country: FR
  time_zone: Europe/Paris
  role: controller
version:
  effective: 2024-01-01
locales: [en]
subjects:
  user:
    label: { en: Users }
categories:
  identification:
    label: { en: Identification }
purposes:
  account:
    label: { en: Accounts }
    legal_basis: contract
    subjects: [user]
    categories: [identification]
recipients: {}
retention:
  - id: users
    label: { en: Users }
    subjects: [user]
    categories: [identification]
    clock: account_closed
    keep: P90D
security: {}
rights: {}
cookies:
  consent: { lifetime: P13M, reask_after: P6M }
  categories:
    necessary: { label: { en: Necessary }, description: { en: Needed }, locked: true }
`;

interface BadDocument {
  name: string;
  replace: [string, string];
  code: string;
  errors: string[];
}

const table: BadDocument[] = [
  {
    name: 'unknown key',
    replace: ['  role: controller\n', '  role: controller\n  colour: blue\n'],
    code: PolicyErrors.INVALID,
    errors: ['bad.yaml:7:3: controller.colour: unknown key "colour" (not part of the policy schema: see schema/policy.schema.json)'],
  },
  {
    name: 'bad duration',
    replace: ['keep: P90D', 'keep: P90X'],
    code: PolicyErrors.INVALID,
    errors: ['bad.yaml:29:11: retention[0].keep: an ISO 8601 duration such as P90D, P3Y or P13M'],
  },
  {
    name: 'undefined category id',
    replace: ['categories: [identification]\nrecipients', 'categories: [identification, contact]\nrecipients'],
    code: PolicyErrors.UNDEFINED_REFERENCE,
    errors: ['bad.yaml:21:34: purposes.account.categories[1]: undefined category "contact" (defined: identification)'],
  },
  {
    name: 'wrong type',
    replace: ['locked: true', 'locked: "yes"'],
    code: PolicyErrors.INVALID,
    errors: ['bad.yaml:35:81: cookies.categories.necessary.locked: Invalid input: expected boolean, received string'],
  },
  {
    name: 'missing required field',
    replace: ['  role: controller\n', ''],
    code: PolicyErrors.INVALID,
    errors: ['bad.yaml:3:3: controller.role: missing: Invalid option: expected one of "controller"|"joint_controller"|"processor"'],
  },
  {
    name: 'YAML syntax error',
    replace: ['label: { en: Users }\ncategories', 'label: { en: Users\ncategories'],
    code: PolicyErrors.YAML_SYNTAX,
    errors: ['bad.yaml:13:1: Flow map in block collection must be sufficiently indented and end with a }'],
  },
  {
    name: 'duplicate key',
    replace: ['  name: Acme\n', '  name: Acme\n  name: Acme Inc\n'],
    code: PolicyErrors.YAML_SYNTAX,
    errors: ['bad.yaml:4:3: Map keys must be unique'],
  },
  {
    name: 'bad time zone',
    replace: ['Europe/Paris', 'Europe/Pariss'],
    code: PolicyErrors.INVALID,
    errors: ['bad.yaml:5:14: controller.time_zone: an IANA time zone such as Europe/Paris'],
  },
  {
    name: 'id that is not an id',
    replace: ['  user:\n', '  User:\n'],
    code: PolicyErrors.INVALID,
    errors: ['bad.yaml:11:3: subjects.User: invalid key "User": expected an id: lower-case letters, digits, - and _, starting with a letter'],
  },
];

test('the good document loads', () => {
  const { policy, hash } = parsePolicy(good, 'good.yaml');
  assert.equal(policy.controller.name, 'Acme');
  assert.match(hash, /^[0-9a-f]{64}$/);
});

for (const bad of table) {
  test(`bad document: ${bad.name}`, () => {
    assert.ok(good.includes(bad.replace[0]), 'the case applies to the good document');
    const source = good.replace(...bad.replace);
    assert.throws(
      () => parsePolicy(source, 'bad.yaml'),
      (err: unknown) => {
        assert.ok(err instanceof PolicyLoadError);
        assert.equal(err.code, bad.code);
        assert.deepEqual(err.problems.map(formatProblem), bad.errors);
        assert.equal(err.message, bad.errors.join('\n'));
        return true;
      },
    );
  });
}

test('every undefined id is named, each at its own line', () => {
  const source = good
    .replace('    subjects: [user]\n    categories: [identification]\nrecipients: {}', '    subjects: [users]\n    categories: [identification]\nrecipients:\n  internal:\n    staff: { label: { en: Staff }, purposes: [sales] }')
  assert.throws(
    () => parsePolicy(source, 'bad.yaml'),
    (err: unknown) => {
      assert.ok(err instanceof PolicyLoadError);
      assert.equal(err.code, PolicyErrors.UNDEFINED_REFERENCE);
      assert.deepEqual(err.problems.map(formatProblem), [
        'bad.yaml:20:16: purposes.account.subjects[0]: undefined subject "users" (defined: user)',
        'bad.yaml:24:47: recipients.internal.staff.purposes[0]: undefined purpose "sales" (defined: account)',
      ]);
      return true;
    },
  );
});

test('several problems are all reported, in document order', () => {
  const source = good.replace('keep: P90D', 'keep: 90 days').replace('Europe/Paris', 'Paris');
  assert.throws(
    () => parsePolicy(source, 'bad.yaml'),
    (err: unknown) => {
      assert.ok(err instanceof PolicyLoadError);
      assert.deepEqual(
        err.problems.map((p) => `${p.line} ${p.path}`),
        ['5 controller.time_zone', '29 retention[0].keep'],
      );
      return true;
    },
  );
});
