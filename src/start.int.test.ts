// The two commands a newcomer runs: `npm start` on the example policy and the embedded store.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

test('start: the example policy on a fresh embedded store serves /privacy in English and French', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'custodian-start-'));
  const child = spawn(process.execPath, ['bin/custodian.js', 'start'], {
    env: { ...process.env, DATABASE_URL: '', PORT: '0', CUSTODIAN_DATA_DIR: dir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /running at (http:\/\/\S+)/.exec(out);
        if (m) {
          clearInterval(timer);
          resolve(m[1]);
        }
      }, 100);
      child.on('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`custodian start exited with ${code}:\n${out}`));
      });
    });
    assert.match(out, /privacy policy\s+http:\/\/\S+\/privacy/);
    const en = await (await fetch(`${url}/privacy`)).text();
    for (const d of ['90 days', '3 years', '5 years', '1 year', '13 months']) assert.ok(en.includes(d), `the policy says ${d}`);
    assert.match(en, /Ksaar/);
    const fr = await (await fetch(`${url}/privacy?lang=fr`)).text();
    for (const d of ['90 jours', '3 ans', '5 ans', '1 an', '13 mois']) assert.ok(fr.includes(d), `la politique dit ${d}`);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, 'a clean shutdown on SIGTERM');
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
