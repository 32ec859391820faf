import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { configDocs, configSchema, describeConfig, loadConfig } from './config.ts';

test('config: defaults when the environment is empty', () => {
  const c = loadConfig({});
  assert.equal(c.PORT, 8080);
  assert.equal(c.CUSTODIAN_DATA_DIR, '.custodian');
  assert.equal(c.CUSTODIAN_POLICY, 'examples/ksaar/policy.yaml');
  assert.equal(c.DATABASE_URL, undefined);
  assert.equal(c.CUSTODIAN_JOBS, true);
});

test('config: a bad value is refused and the variable named', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' }), (err: Error & { code: string }) => {
    assert.equal(err.code, 'CUSTODIAN_CONFIG_INVALID');
    assert.match(err.message, /PORT/);
    return true;
  });
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x@y/z' }), /DATABASE_URL/);
  assert.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL/);
});

test('config: secrets in URLs are masked when described', () => {
  const c = loadConfig({ DATABASE_URL: 'postgres://app:s3cret@db:5432/x', SMTP_URL: 'smtp://u:pw@mail:25' });
  const text = JSON.stringify(describeConfig(c));
  assert.ok(!text.includes('s3cret') && !text.includes(':pw@'));
});

test('config: every variable is documented in the README table', () => {
  const readme = readFileSync('README.md', 'utf8');
  for (const name of Object.keys(configSchema.shape)) {
    assert.ok(configDocs[name as keyof typeof configDocs], `${name} has a description`);
    assert.ok(readme.includes(`| \`${name}\` |`), `README lists ${name}`);
  }
});
