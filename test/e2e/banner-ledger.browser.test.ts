// End to end: a website (its own origin) loads the banner from a real Custodian server, a visitor
// accepts, and the choice lands in Custodian's ledger — visible in the proof history, with the archived
// banner version. A page on an origin the policy does not list gets its consent refused, nothing stored.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { buildBanner } from '../../banner/build.ts';
import { loadConfig } from '../../src/config.ts';
import { consentHistory } from '../../src/consent/proof.ts';
import { createServer as createCustodian, type RunningServer } from '../../src/server.ts';
import { testDb, type TestDb } from '../../src/store/testing.ts';

let site: Server;
let sitePort: number;
let custodian: RunningServer;
let db: TestDb;
let browser: Browser;
let dir: string;

const page = (custodianUrl: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script src="${custodianUrl}/banner.js" data-property="www" data-locale="en"></script></head>
<body><h1>Shop</h1><script type="text/plain" data-category="marketing" data-service="pixel">window.__pixel = 1;</script></body></html>`;

before(async () => {
  await buildBanner();
  site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page(custodian.url));
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  sitePort = (site.address() as AddressInfo).port;
  // The test policy with the site's real origin (served over http on a test host name).
  dir = mkdtempSync(join(tmpdir(), 'custodian-e2e-'));
  const policyFile = join(dir, 'policy.yaml');
  writeFileSync(policyFile, readFileSync('test/fixtures/policy.yaml', 'utf8').replace('https://www.test.example', `http://shop.test:${sitePort}`));
  db = await testDb();
  const config = loadConfig({ PORT: '0', CUSTODIAN_POLICY: policyFile, CUSTODIAN_JOBS: 'false', LOG_LEVEL: 'silent' });
  custodian = await createCustodian(config, { db, logger: false });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--host-resolver-rules=MAP shop.test 127.0.0.1, MAP other.test 127.0.0.1'],
  });
});

after(async () => {
  await browser?.close();
  await custodian?.close();
  await db?.close();
  await new Promise((resolve) => site?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function consentIdIn(context: import('playwright-core').BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'custodian_consent');
  assert.ok(cookie, 'the banner set its consent cookie');
  return JSON.parse(decodeURIComponent(cookie.value)).id;
}

async function eventsOf(consentId: string, expected: number) {
  // sendBeacon is asynchronous: wait (bounded) for the ledger to have the events.
  for (let i = 0; i < 100; i++) {
    const { events } = await consentHistory(db, consentId);
    if (events.length >= expected) return events;
    await new Promise((r) => setTimeout(r, 100));
  }
  return (await consentHistory(db, consentId)).events;
}

test('a visitor accepts on the website: the consent is in the ledger with its banner version', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(`http://shop.test:${sitePort}/`);
  await tab.locator('.cst-bar').getByRole('button', { name: 'Accept all' }).click({ timeout: 30_000 });
  await tab.waitForFunction(() => (window as any).__pixel === 1, undefined, { timeout: 30_000 });
  const events = await eventsOf(await consentIdIn(context), 1);
  assert.equal(events.length, 1);
  assert.equal(events[0].action, 'accept_all');
  assert.equal(events[0].choices.marketing, true);
  assert.ok(events[0].banner, 'the banner configuration the visitor saw is archived');
  assert.equal(events[0].ipPrefix, '127.0.0.0/24', 'the IP is truncated');
  await context.close();
});

test('a page on an origin the policy does not list: its consent is refused and nothing is stored', { timeout: 120_000 }, async () => {
  const before = await db.query<{ n: number }>('select count(*)::int as n from consent_events');
  const context = await browser.newContext();
  const tab = await context.newPage();
  const posted = tab.waitForRequest((r) => r.url().endsWith('/v1/consents') && r.method() === 'POST', { timeout: 30_000 });
  await tab.goto(`http://other.test:${sitePort}/`);
  await tab.locator('.cst-bar').getByRole('button', { name: 'Reject all' }).click({ timeout: 30_000 });
  const consentId = await consentIdIn(context);
  assert.match((await posted).headers()['content-type'] ?? '', /text\/plain/, 'the banner did post its choice');
  await new Promise((r) => setTimeout(r, 1000));
  await assert.rejects(consentHistory(db, consentId), { code: 'CUSTODIAN_CONSENT_NOT_FOUND' }, 'no event for this consent id');
  const afterCount = await db.query<{ n: number }>('select count(*)::int as n from consent_events');
  assert.equal(afterCount[0].n, before[0].n, 'nothing stored');
  await context.close();
});
