// `custodian check` run as a child process: exit codes, output lines, --json, load errors.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'custodian-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function custodian(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['bin/custodian.js', ...args], { cwd: root, env: { ...process.env, CUSTODIAN_POLICY: '', ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? (child.exitCode ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('the example policy: no finding, exit 0 (the default file)', async () => {
  const r = await custodian(['check']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'examples/ksaar/policy.yaml: 0 errors, 0 warnings\n');
});

test('$CUSTODIAN_POLICY names the default file', async () => {
  const r = await custodian(['check'], { CUSTODIAN_POLICY: 'examples/ksaar-as-published/policy.yaml' });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^examples\/ksaar-as-published\/policy\.yaml: 7 errors, 3 warnings$/m);
});

test('the published text: exit 1, one line per finding naming each defect', async () => {
  const r = await custodian(['check', 'examples/ksaar-as-published/policy.yaml']);
  assert.equal(r.code, 1);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 11);
  for (const line of lines.slice(0, -1)) assert.match(line, /^(error {2}|warning) {2}\S+ {2}.+ {2}\(.+\)$/);
  assert.match(r.stdout, /^error {4}recipients\.processors\.messaging\.transfer\.mechanism {2}.*Privacy Shield.*\(CJEU C-311\/18/m);
  assert.match(r.stdout, /^error {4}purposes {2}no purposes.*\(GDPR Art\. 13\(1\)\(c\)\)$/m);
  assert.match(r.stdout, /^error {4}controller\.authority {2}.*\(GDPR Art\. 13\(2\)\(d\)\)$/m);
  assert.match(r.stdout, /^error {4}controller\.role {2}.*processor.*\(GDPR Art\. 4\(7\)\)$/m);
});

test('--json: { file, errors, warnings, findings }', async () => {
  const r = await custodian(['check', '--json', 'examples/ksaar-as-published/policy.yaml']);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.file, 'examples/ksaar-as-published/policy.yaml');
  assert.equal(out.errors, 7);
  assert.equal(out.warnings, 3);
  assert.equal(out.findings.length, 10);
  assert.deepEqual(Object.keys(out.findings[0]).sort(), ['basis', 'message', 'path', 'rule', 'severity']);
  assert.ok(out.findings.some((f: { rule: string }) => f.rule === 'transfer-privacy-shield'));
  const clean = JSON.parse((await custodian(['check', '--json'])).stdout);
  assert.deepEqual(clean, { file: 'examples/ksaar/policy.yaml', errors: 0, warnings: 0, findings: [] });
});

test('a bad file: exit 1, file:line:column and the path on stderr', async () => {
  const source = readFileSync(join(root, 'examples/ksaar/policy.yaml'), 'utf8')
    .replace('  role: controller\n', '  role: controller\n  colour: blue\n')
    .replace('    keep: P90D\n', '    keep: 90 days\n')
    .replace('    categories: [identification, connection]\n', '    categories: [identification, contacts]\n');
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, source);
  const r = await custodian(['check', file]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  const lineOf = (text: string) => source.split('\n').findIndex((l) => l.includes(text)) + 1;
  assert.deepEqual(lines, [
    `${file}:${lineOf('colour: blue')}:3: controller.colour: unknown key "colour" (not part of the policy schema: see schema/policy.schema.json)`,
    `${file}:${lineOf('keep: 90 days')}:11: retention[0].keep: an ISO 8601 duration such as P90D, P3Y or P13M`,
  ]);
  // Undefined ids are reported once the document is structurally valid.
  writeFileSync(file, source.replace('  colour: blue\n', '').replace('keep: 90 days', 'keep: P90D'));
  const again = await custodian(['check', file]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: purposes\\.account_management\\.categories\\[1\\]: undefined category "contacts"`, 'm'));
});

test('a duplicate key or a missing file: exit 1 with the reason', async () => {
  const file = join(dir, 'dup.yaml');
  writeFileSync(file, 'custodian: 1\ncustodian: 1\n');
  const dup = await custodian(['check', file]);
  assert.equal(dup.code, 1);
  assert.equal(dup.stderr, `${file}:2:1: Map keys must be unique\n`);
  const missing = await custodian(['check', join(dir, 'nope.yaml')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.yaml:0:0: cannot read the file \(ENOENT\)/);
});

test('usage errors exit 2', async () => {
  const r = await custodian(['check', '--jsn']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /custodian check: .*--jsn/);
});
