// `custodian render` and `custodian ropa`, run as the user runs them: a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const mini = join(root, 'src/policy/fixtures/mini.yaml');

function custodian(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(root, 'bin/custodian.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('custodian render', () => {
  const out = mkdtempSync(join(tmpdir(), 'custodian-render-'));
  after(() => rmSync(out, { recursive: true, force: true }));

  test('prints the privacy policy then the cookie charter (HTML, English by default)', () => {
    const r = custodian(['render', mini]);
    assert.equal(r.code, 0, r.stderr);
    const privacy = r.stdout.indexOf('<h1>Privacy policy</h1>');
    const cookies = r.stdout.indexOf('<h1>Cookie charter</h1>');
    assert.ok(privacy >= 0 && cookies > privacy);
    assert.equal(r.stdout.match(/<html lang="en">/g)?.length, 2);
  });

  test('without FILE or $CUSTODIAN_POLICY: the example policy', () => {
    const env = { ...process.env };
    delete env.CUSTODIAN_POLICY;
    const r = spawnSync(process.execPath, [join(root, 'bin/custodian.js'), 'render', '--format', 'md'], { cwd: root, encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\*\*Ksaar Solutions\*\*/);
    for (const w of ['90 days', '3 years', '5 years', '1 year', '13 months']) assert.ok(r.stdout.includes(w), w);
  });

  test('Markdown in French, policy from $CUSTODIAN_POLICY', () => {
    const r = custodian(['render', '--format', 'md', '--locale', 'fr'], { CUSTODIAN_POLICY: mini });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# Politique de confidentialité/);
    assert.match(r.stdout, /# Charte cookies/);
    assert.match(r.stdout, /90 jours/);
  });

  test('--out writes one file per text and names them', () => {
    const r = custodian(['render', mini, '--format', 'md', '--locale', 'fr', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(out).sort(), ['cookies.fr.md', 'privacy.fr.md']);
    assert.match(r.stdout, /wrote .*privacy\.fr\.md\nwrote .*cookies\.fr\.md\n/);
    assert.match(readFileSync(join(out, 'privacy.fr.md'), 'utf8'), /13 mois/);
  });

  test('a bad locale or format is a usage error that names the flag', () => {
    const bad = custodian(['render', mini, '--locale', 'de']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--locale must be en or fr \(got "de"\)/);
    const fmt = custodian(['render', mini, '--format', 'pdf']);
    assert.equal(fmt.code, 2);
    assert.match(fmt.stderr, /--format must be html or md \(got "pdf"\)/);
    const unknown = custodian(['render', mini, '--colour']);
    assert.equal(unknown.code, 2);
  });

  test('an unreadable policy fails with its code', () => {
    const r = custodian(['render', join(out, 'missing.yaml')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /CUSTODIAN_POLICY_FILE_UNREADABLE/);
  });
});

describe('custodian ropa', () => {
  test('--format csv: header and one row per purpose', () => {
    const r = custodian(['ropa', mini, '--format', 'csv']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\r\n').filter(Boolean);
    assert.ok(lines[0].startsWith('\uFEFFPurpose,Legal basis,Categories of data subjects,Categories of personal data,Sensitive data (Article 9),'));
    assert.equal(lines.length, 1 + 3);
    assert.ok(lines[1].startsWith('Managing accounts,'));
  });

  test('the example policy: one row per purpose', () => {
    const r = custodian(['ropa', 'examples/ksaar/policy.yaml', '--format', 'csv']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split('\r\n').filter(Boolean).length, 1 + 13);
  });

  test('--format json and html, --locale fr', () => {
    const json = custodian(['ropa', mini, '--format', 'json', '--locale', 'fr']);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout).rows.length, 3);
    const html = custodian(['ropa', mini, '--format', 'html']);
    assert.equal(html.code, 0, html.stderr);
    assert.match(html.stdout, /<title>Register of processing activities – Mini SAS<\/title>/);
  });

  test('a bad format is a usage error', () => {
    const r = custodian(['ropa', mini, '--format', 'xlsx']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--format must be csv or json or html/);
  });
});
