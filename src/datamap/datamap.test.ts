import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPolicyFile } from '../policy/load.ts';
import { descendants, findCycles } from './graph.ts';
import { parseDataMaps } from './load.ts';
import { clockSql, clockTokens } from './model.ts';
import { suggestCategory, suggestClock, suggestDataMap } from './suggest.ts';

const policy = loadPolicyFile('examples/ksaar/policy.yaml').policy;
const load = (source: string) => parseDataMaps([{ file: 'm.yaml', source }], policy);
const problem = (source: string) => {
  try {
    load(source);
  } catch (e) {
    return e as Error & { code: string };
  }
  assert.fail('expected the map to be refused');
};

test('the example data map loads against the example policy', async () => {
  const { dataMapOf } = await import('../retention/context.ts');
  const map = dataMapOf(loadPolicyFile('examples/ksaar/policy.yaml'));
  assert.equal(map.tables.size, 8);
  assert.equal(map.tables.get('prospects')!.clocks.last_contact, 'greatest(created_at, last_contact_at)');
  // Children of users, deepest first: invoices (detached) before subscriptions before customers.
  const order = descendants(map, 'users').map((c) => `${c.table.name}:${c.onDelete}`);
  assert.ok(order.indexOf('invoices:detach') < order.indexOf('subscriptions:delete'));
  assert.ok(order.indexOf('subscriptions:delete') < order.indexOf('customers:delete'));
});

test('errors name file:line and the path', () => {
  const e = problem('tables:\n  users:\n    subject: user\n    colums: {}\n');
  assert.equal(e.code, 'CUSTODIAN_DATAMAP_INVALID');
  assert.match(e.message, /^m\.yaml:4:5: tables\.users\.colums: unknown key "colums"/);
  const s = problem('tables:\n  users:\n    subject: robot\n');
  assert.equal(s.code, 'CUSTODIAN_DATAMAP_UNDEFINED_REFERENCE');
  assert.match(s.message, /m\.yaml:3:14: tables\.users\.subject: subject "robot" is not defined in the policy/);
  const c = problem('tables:\n  users:\n    subject: user\n    columns: { email: secrets }\n');
  assert.match(c.message, /category "secrets" is not defined/);
  const f = problem('tables:\n  users:\n    subject: user\n    clocks: { account_closed: "now(closed_at)" }\n');
  assert.match(f.message, /function now is not allowed in a clock/);
  const r = problem('tables:\n  users:\n    subject: user\n    references: { team_id: teams }\n');
  assert.match(r.message, /table "teams" is not in the data map/);
  const inj = problem('tables:\n  users:\n    subject: user\n    clocks: { account_closed: "closed_at; drop table users" }\n');
  assert.equal(inj.code, 'CUSTODIAN_DATAMAP_INVALID');
  const y = problem('tables:\n  users: [\n');
  assert.equal(y.code, 'CUSTODIAN_DATAMAP_YAML_SYNTAX');
});

test('reference cycles are refused', () => {
  const e = problem('tables:\n  a:\n    subject: user\n    references: { b_id: b }\n  b:\n    subject: user\n    references: { c_id: c }\n  c:\n    subject: user\n    references: { a_id: a }\n');
  assert.equal(e.code, 'CUSTODIAN_DATAMAP_REFERENCE_CYCLE');
  assert.match(e.message, /a → b → c → a/);
  const self = load('tables:\n  a:\n    subject: user\n');
  assert.deepEqual(findCycles(self.tables), []);
});

test('clock expressions: columns, functions and SQL', () => {
  assert.deepEqual(clockTokens('greatest(created_at, last_contact_at)'), { columns: ['created_at', 'last_contact_at'], functions: ['greatest'] });
  assert.equal(clockSql('greatest(created_at, last_contact_at)', 't'), 'greatest(t."created_at", t."last_contact_at")');
  assert.equal(clockSql('closed_at'), 't."closed_at"');
});

test('suggest proposes categories and clocks from names and types', () => {
  assert.equal(suggestCategory('email', 'text'), 'identification');
  assert.equal(suggestCategory('billing_name', 'text'), 'identification');
  assert.equal(suggestCategory('remote', 'inet'), 'connection');
  assert.equal(suggestCategory('plan', 'text'), undefined);
  assert.equal(suggestClock('closed_at', 'timestamp with time zone'), 'account_closed');
  assert.equal(suggestClock('last_login_at', 'timestamp with time zone'), 'last_connection');
  assert.equal(suggestClock('closed_at', 'text'), undefined);
  const yaml = suggestDataMap(
    'public',
    [
      { table: 'users', column: 'id', type: 'bigint', nullable: false },
      { table: 'users', column: 'email', type: 'text', nullable: false },
      { table: 'users', column: 'closed_at', type: 'timestamp with time zone', nullable: true },
      { table: 'logs', column: 'user_id', type: 'bigint', nullable: true },
      { table: 'logs', column: 'ip', type: 'inet', nullable: true },
    ],
    [{ table: 'users', column: 'id' }],
    [{ table: 'logs', column: 'user_id', parent: 'users' }],
  );
  assert.match(yaml, /users:\n {4}subject: TODO.*\n {4}key: id\n {4}identity: \[id, email\]\n {4}columns:\n {6}email: identification\n {4}clocks:\n {6}account_closed: closed_at/);
  assert.match(yaml, /references:\n {6}user_id: users/);
});
