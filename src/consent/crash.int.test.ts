// `kill -9` of a Custodian server under consent load: every acknowledged consent is in the ledger after
// a restart (acknowledged = a 2xx was received, which the server sends only after its batch committed).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openPglite } from '../store/db.ts';
import { backendName, onPostgres, testDb } from '../store/testing.ts';

function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/custodian.js', 'start'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      CUSTODIAN_POLICY: 'test/fixtures/policy.yaml',
      CUSTODIAN_JOBS: 'false',
      CUSTODIAN_CONSENT_RATE: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}${err}`)), 60_000);
    child.stderr!.on('data', (b) => {
      err += b;
    });
    child.stdout!.on('data', (b) => {
      out += b;
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}${err}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

function consent() {
  return {
    eventId: randomUUID(),
    consentId: randomUUID(),
    property: 'www',
    action: 'accept_all',
    choices: { necessary: true, marketing: true },
    policyVersion: 1,
    bannerHash: 'ab'.repeat(32),
    locale: 'en',
    gpc: false,
  };
}

test(`kill -9 under load loses no acknowledged consent (${backendName})`, { timeout: 180_000 }, async () => {
  const db = onPostgres ? await testDb() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'custodian-crash-'));
  const env: Record<string, string> = db ? { DATABASE_URL: db.url! } : { CUSTODIAN_DATA_DIR: dir };
  try {
    const { child, url } = await startChild(env);
    const acknowledged = new Set<string>();
    let attempted = 0;
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const e = consent();
        attempted++;
        try {
          const res = await fetch(`${url}/v1/consents`, {
            method: 'POST',
            headers: { origin: 'https://www.test.example', 'content-type': 'application/json' },
            body: JSON.stringify(e),
          });
          if (res.status === 201) acknowledged.add(e.eventId);
          await res.arrayBuffer();
        } catch {
          // the server died mid-request: this one was not acknowledged
        }
      }
    };
    const workers = Array.from({ length: 24 }, worker);
    const started = Date.now();
    while (acknowledged.size < 300 && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL'); // kill -9, mid-load
    await exited(child);
    stop = true;
    await Promise.all(workers);
    assert.ok(acknowledged.size >= 300, `load reached the server (${acknowledged.size} acknowledged)`);

    // Restart on the same store: recovery, then a clean stop.
    const again = await startChild(env);
    const res = await fetch(`${again.url}/v1/consents`, {
      method: 'POST',
      headers: { origin: 'https://www.test.example', 'content-type': 'application/json' },
      body: JSON.stringify(consent()),
    });
    assert.equal(res.status, 201, 'the restarted server takes consents');
    again.child.kill('SIGTERM');
    await exited(again.child);

    const store = db ?? (await openPglite(join(dir, 'store')));
    try {
      const ids = new Set((await store.query<{ event_id: string }>('select event_id from consent_events')).map((r) => r.event_id));
      const lost = [...acknowledged].filter((id) => !ids.has(id));
      console.log(`attempted ${attempted}, acknowledged ${acknowledged.size}, stored ${ids.size} (after restart, incl. 1 post-restart)`);
      assert.deepEqual(lost, [], 'every acknowledged event id is stored');
      assert.ok(ids.size - 1 >= acknowledged.size, 'stored ≥ acknowledged');
      const [dups] = await store.query<{ n: number }>('select count(*)::int - count(distinct event_id)::int as n from consent_events');
      assert.equal(dups.n, 0);
    } finally {
      if (!db) await store.close();
    }
  } finally {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
