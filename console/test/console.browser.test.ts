// The console in real Chromium against a real server: sign-in and TOTP, every page under axe-core,
// the register and its CSV, invitations through the outbox, API keys, and deactivation ending an
// open session in another browser. Screenshots of each page go to test-results/console/.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { makeStaff, PASSWORD, startTestServer } from '../../src/access/testing.ts';
import { currentCode } from '../../src/access/totp.ts';
import { buildConsoleIfMissing } from '../../src/console/serve.ts';
import { listOutbox } from '../../src/mail/send.ts';
import { loadPolicyFile } from '../../src/policy/load.ts';
import { publish } from '../../src/policy/versions.ts';
import type { RunningServer } from '../../src/server.ts';
import { testDb, type TestDb } from '../../src/store/testing.ts';

const SHOTS = 'test-results/console';
const TIMEOUT = 30_000;
const axeSource = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

let server: RunningServer;
let db: TestDb;
let browser: Browser;
const cspViolations: string[] = [];

const ADMIN = 'admin@test.example';
const CLERK = 'clerk@test.example';
const daysAgo = (n: number) => new Date(Date.now() - n * 86400_000).toISOString().slice(0, 10);

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  assert.ok(await buildConsoleIfMissing({ ifStale: true, log: () => {} }), 'the console bundle is built');
  db = await testDb();
  server = await startTestServer(db);
  const cleared = { trainingDate: daysAgo(10), confidentialityAcknowledged: true };
  await makeStaff(server, ADMIN, ['admin', 'dpo'], cleared);
  await makeStaff(server, CLERK, ['support'], cleared);
  // A second published version, so that the versions page has something to compare.
  await publish(db, loadPolicyFile('examples/ksaar/policy.yaml'), { effective: '2099-01-01', note: 'the example company' });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await db?.close();
});

async function newPage(options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ acceptDownloads: true, colorScheme: options.colorScheme ?? 'light', viewport: options.viewport ?? { width: 1280, height: 900 } });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });
  page.on('pageerror', (err) => cspViolations.push(`page error: ${err.message}`));
  return { context, page };
}

/** axe-core on the page as it is now; fails with the violations listed. */
async function axe(page: Page, name: string): Promise<void> {
  // page.evaluate runs through the DevTools protocol, outside the page's CSP.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `axe on ${name}`);
}

const text = async (locator: { textContent(): Promise<string | null> }) => (await locator.textContent()) ?? '';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${server.url}/console/`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function open(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.locator('[role="status"]:has-text("Loading")').waitFor({ state: 'detached' });
}

test('sign-in: a wrong password is refused with its code; the right one opens the shell', { timeout: 120_000 }, async () => {
  const { context, page } = await newPage();
  await page.goto(`${server.url}/console`);
  await page.getByRole('heading', { name: 'Sign in to Custodian' }).waitFor();
  await axe(page, 'sign-in');
  await shot(page, 'sign-in');
  await signIn(page, ADMIN, 'not the password at all');
  await page.getByRole('alert').filter({ hasText: 'CUSTODIAN_ACCESS_BAD_CREDENTIALS' }).waitFor();
  await axe(page, 'sign-in error');
  await signIn(page, ADMIN);
  await page.getByRole('heading', { level: 1, name: 'Policy in force' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Staff', exact: true }).count(), 1, 'admins see the staff page');
  await context.close();
});

test('every page: axe-core finds no violation, in light and dark mode; a screenshot of each', { timeout: 300_000 }, async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const { context, page } = await newPage({ colorScheme });
    await signIn(page, ADMIN);
    await page.getByRole('heading', { level: 1, name: 'Policy in force' }).waitFor();
    await page.locator('article.document').waitFor();
    const pages: [string, string][] = [
      ['Policy in force', 'Policy in force'],
      ['Versions', 'Versions'],
      ['Checks', 'Policy checks'],
      ['Register', 'Register of processing'],
      ['Consent', 'Consent'],
      ['Retention', 'Retention'],
      ['Staff', 'Staff'],
      ['API keys', 'API keys'],
      ['Outbox', 'Outbox'],
      ['My account', 'My account'],
    ];
    for (const [link, heading] of pages) {
      await open(page, link, heading);
      await axe(page, `${heading} (${colorScheme})`);
      await shot(page, `${link.toLowerCase().replaceAll(' ', '-')}-${colorScheme}`);
    }
    // The diff between the two published versions, section by section.
    await open(page, 'Versions', 'Versions');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('heading', { name: /From version 1 to version 2: \d+ section\(s\) changed/ }).waitFor();
    assert.ok((await page.locator('.diff-section h4').allTextContents()).includes('purposes'));
    await axe(page, `versions diff (${colorScheme})`);
    await shot(page, `versions-diff-${colorScheme}`);
    // The privacy policy's table of contents scrolls within the page instead of changing the route.
    await open(page, 'Policy in force', 'Policy in force');
    await page.locator('article.document nav.toc a').first().click();
    assert.match(page.url(), /#\/policy/);
    await page.getByLabel('Document').selectOption('cookies');
    await page.locator('article.document h1').filter({ hasText: /cookie/i }).waitFor();
    await axe(page, `cookie charter (${colorScheme})`);
    await context.close();
  }
  // Narrow screens: the navigation folds behind a menu button.
  const { context, page } = await newPage({ viewport: { width: 390, height: 800 } });
  await signIn(page, ADMIN);
  await page.getByRole('heading', { level: 1, name: 'Policy in force' }).waitFor();
  const menu = page.getByRole('button', { name: 'Menu' });
  assert.equal(await page.getByRole('navigation', { name: 'Console' }).isVisible(), false);
  await menu.click();
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  await open(page, 'Register', 'Register of processing');
  await axe(page, 'register (mobile)');
  await shot(page, 'register-mobile');
  await context.close();
  // One-time link pages, without a session.
  const anon = await newPage();
  for (const [hash, heading] of [
    ['#/set-password?token=abc', 'Choose your password'],
    ['#/setup?token=abc', 'Create the first administrator'],
  ]) {
    await anon.page.goto(`${server.url}/console/${hash}`);
    await anon.page.getByRole('heading', { name: heading }).waitFor();
    await axe(anon.page, heading);
    await shot(anon.page, hash.slice(2).split('?')[0]);
  }
  await anon.context.close();
  assert.deepEqual(cspViolations, [], 'no CSP violation, no page error');
});

test('register: the table lists the processing activities and the CSV downloads', { timeout: 120_000 }, async () => {
  const { context, page } = await newPage();
  await signIn(page, CLERK);
  await page.getByRole('heading', { level: 1, name: 'Policy in force' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Staff', exact: true }).count(), 0, 'non-admins do not see the staff page');
  await open(page, 'Register', 'Register of processing');
  const table = page.getByRole('table', { name: /processing activit/ });
  await table.waitFor();
  assert.match(await text(table.locator('thead')), /Purpose/);
  assert.match(await text(table.locator('tbody')), /Account management/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
  assert.match(download.suggestedFilename(), /^register-v1-en\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trimEnd().split('\r\n');
  assert.match(lines[0], /^Purpose,/);
  assert.match(lines[1], /^Account management,/);
  await page.getByLabel('Language').selectOption('fr');
  await page.getByRole('table', { name: /activités? de traitement|processing/ }).locator('tbody', { hasText: 'Gestion des comptes' }).waitFor();
  await context.close();
});

test('TOTP: enrol in My account, then sign-in asks for the code; a wrong code is refused', { timeout: 120_000 }, async () => {
  const { context, page } = await newPage();
  await signIn(page, ADMIN);
  await open(page, 'My account', 'My account');
  await page.getByRole('button', { name: 'Set up two-step verification' }).click();
  const secret = (await text(page.getByTestId('totp-secret'))).trim();
  assert.match(secret, /^[A-Z2-7]+=*$/);
  await page.getByRole('img', { name: /QR code/ }).waitFor();
  await axe(page, 'TOTP enrolment');
  await shot(page, 'account-totp-enrol');
  // A code from the previous 30-second step: the sign-in below then uses a later one (no replay).
  await page.getByLabel('Code shown by the app').fill(currentCode(secret, Date.now() - 30_000));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.getByRole('heading', { name: 'Recovery codes' }).waitFor();
  assert.equal(await page.locator('ul.secret li').count(), 10);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('You are signed out.').waitFor();

  await signIn(page, ADMIN);
  await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
  await axe(page, 'TOTP step');
  await shot(page, 'sign-in-totp');
  const code = page.getByLabel('Code from your authenticator app');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'code', 'focus is on the code field');
  await code.fill(currentCode(secret) === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('alert').filter({ hasText: 'CUSTODIAN_ACCESS_TOTP_INVALID' }).waitFor();
  await code.fill(currentCode(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { level: 1, name: 'Policy in force' }).waitFor();
  // Turn it off again (needs the password) so that later tests sign in with the password alone.
  await open(page, 'My account', 'My account');
  await page.getByLabel('Your password, to turn it off').fill(PASSWORD);
  await page.getByRole('button', { name: 'Turn off two-step verification' }).click();
  await page.getByText('Off: signing in asks only for your password.').waitFor();
  await context.close();
});

test('staff: an invitation goes through the outbox; the link sets the password; the newcomer signs in', { timeout: 120_000 }, async () => {
  const { context, page } = await newPage();
  await signIn(page, ADMIN);
  await open(page, 'Staff', 'Staff');
  await page.getByLabel('E-mail address').fill('newcomer@test.example');
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await page.getByRole('status').filter({ hasText: 'newcomer@test.example is invited' }).waitFor();
  await page.getByRole('row', { name: /newcomer@test\.example/ }).getByText('invited').waitFor();
  // A personal-data role without training is refused, and nothing changes.
  await page.getByRole('button', { name: 'Edit newcomer@test.example' }).click();
  await page.locator('section[aria-labelledby="edit-title"]').getByLabel(/Customer relations/).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').filter({ hasText: 'CUSTODIAN_ACCESS_CLEARANCE_REQUIRED' }).waitFor();
  await axe(page, 'staff edit with an error');
  await shot(page, 'staff-edit');

  await open(page, 'Outbox', 'Outbox');
  await page.getByRole('row', { name: /newcomer@test\.example/ }).getByRole('button', { name: 'Read' }).click();
  const body = await text(page.locator('pre.mail-body'));
  const link = /(http\S+#\/set-password\?token=\S+)/.exec(body)?.[1];
  assert.ok(link, 'the mail holds the set-password link');
  await context.close();

  const fresh = await newPage();
  await fresh.page.goto(link);
  await fresh.page.getByLabel('New password').fill('a long enough passphrase');
  await fresh.page.getByLabel('Repeat the password').fill('a long enough passphrase');
  await fresh.page.getByRole('button', { name: 'Set the password' }).click();
  await fresh.page.getByText('Your password is set.').waitFor();
  await fresh.page.getByRole('button', { name: 'Go to sign-in' }).click();
  await signIn(fresh.page, 'newcomer@test.example', 'a long enough passphrase');
  await fresh.page.getByRole('heading', { level: 1, name: 'Policy in force' }).waitFor();
  // The link is used up.
  await fresh.page.goto(link);
  await fresh.page.getByLabel('New password').fill('another long passphrase');
  await fresh.page.getByLabel('Repeat the password').fill('another long passphrase');
  await fresh.page.getByRole('button', { name: 'Set the password' }).click();
  await fresh.page.getByRole('alert').filter({ hasText: /CUSTODIAN_ACCESS_LINK_(USED|INVALID)/ }).waitFor();
  await fresh.context.close();
});

test('API keys: the secret is shown once, works, and stops working when revoked', { timeout: 120_000 }, async () => {
  const { context, page } = await newPage();
  await signIn(page, ADMIN);
  await open(page, 'API keys', 'API keys');
  await page.getByLabel('Name').fill('billing backend');
  await page.getByLabel('Role').selectOption('support');
  await page.getByRole('button', { name: 'Create' }).click();
  const key = (await text(page.getByTestId('new-api-key'))).trim();
  assert.match(key, /^cus_/);
  await axe(page, 'API key created');
  await shot(page, 'api-keys-created');
  const whoami = await fetch(`${server.url}/v1/admin/whoami`, { headers: { authorization: `Bearer ${key}` } });
  assert.equal(whoami.status, 200);
  assert.equal((await whoami.json()).kind, 'api_key');
  const row = page.getByRole('row', { name: /billing backend/ });
  assert.ok(!(await text(row)).includes(key), 'the table shows only the hint');
  await row.getByRole('button', { name: 'Revoke billing backend' }).click();
  await row.getByRole('button', { name: 'Confirm revoke' }).click();
  await row.getByText(/revoked/).waitFor();
  assert.equal((await fetch(`${server.url}/v1/admin/whoami`, { headers: { authorization: `Bearer ${key}` } })).status, 401);
  await context.close();
});

test("staff: deactivating someone ends their open session in another browser at once", { timeout: 120_000 }, async () => {
  const clerk = await newPage();
  await signIn(clerk.page, CLERK);
  await clerk.page.getByRole('heading', { level: 1, name: 'Policy in force' }).waitFor();
  assert.equal((await clerk.page.request.get(`${server.url}/console/api/session`)).status(), 200);

  const admin = await newPage();
  await signIn(admin.page, ADMIN);
  await open(admin.page, 'Staff', 'Staff');
  await admin.page.getByRole('button', { name: `Edit ${CLERK}` }).click();
  await admin.page.getByRole('button', { name: 'Deactivate…' }).click();
  await axe(admin.page, 'deactivation confirmation');
  await admin.page.getByRole('button', { name: 'Yes, deactivate' }).click();
  await admin.page.getByRole('status').filter({ hasText: `${CLERK} is deactivated` }).waitFor();
  await admin.page.getByRole('row', { name: new RegExp(CLERK) }).getByText('deactivated').waitFor();
  await shot(admin.page, 'staff-deactivated');

  // The clerk's very next request is refused, and the console returns to sign-in.
  assert.equal((await clerk.page.request.get(`${server.url}/console/api/session`)).status(), 401);
  await clerk.page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Versions' }).click();
  await clerk.page.getByRole('heading', { name: 'Sign in to Custodian' }).waitFor();
  await clerk.page.getByText('Your session has ended. Sign in again.').waitFor();
  await signIn(clerk.page, CLERK);
  await clerk.page.getByRole('alert').filter({ hasText: 'CUSTODIAN_ACCESS_BAD_CREDENTIALS' }).waitFor();
  await clerk.context.close();
  await admin.context.close();
});

test('CSRF: a state-changing call without the token is refused and changes nothing', { timeout: 60_000 }, async () => {
  const { context, page } = await newPage();
  await signIn(page, ADMIN);
  await page.getByRole('heading', { level: 1, name: 'Policy in force' }).waitFor();
  const res = await page.request.post(`${server.url}/console/api/api-keys`, { data: { name: 'forged', role: 'support' } });
  assert.equal(res.status(), 403);
  assert.equal((await res.json()).error.code, 'CUSTODIAN_ACCESS_CSRF');
  const keys = await (await page.request.get(`${server.url}/console/api/api-keys`)).json();
  assert.ok(!keys.apiKeys.some((k: { name: string }) => k.name === 'forged'));
  assert.ok((await listOutbox(db)).length >= 1);
  await context.close();
});

test('consent page: chart, acceptance per category and proof lookup from consents posted to the real ledger', { timeout: 120_000 }, async () => {
  // Three visitors decide on the test site's banner, through the public API, as the banner would.
  const config = await (await fetch(`${server.url}/v1/banner/config?property=www&locale=en`)).json();
  const visitors = [
    { action: 'accept_all', choices: { necessary: true, marketing: true } },
    { action: 'reject_all', choices: { necessary: true, marketing: false } },
    { action: 'custom', choices: { necessary: true, marketing: false } },
  ].map((v) => ({ ...v, eventId: crypto.randomUUID(), consentId: crypto.randomUUID() }));
  for (const v of visitors) {
    const res = await fetch(`${server.url}/v1/consents`, {
      method: 'POST',
      headers: { origin: 'https://www.test.example', 'content-type': 'application/json' },
      body: JSON.stringify({ ...v, property: 'www', policyVersion: config.policyVersion, bannerHash: config.hash, locale: 'en', gpc: false }),
    });
    assert.equal(res.status, 201, await res.text());
  }
  const { context, page } = await newPage();
  await signIn(page, ADMIN);
  await open(page, 'Consent', 'Consent');
  const chart = page.getByRole('img', { name: 'Share of each choice per day' });
  await chart.waitFor();
  assert.ok((await chart.locator('path.accept, path.reject, path.custom').count()) >= 1, 'the chart draws the choices');
  // One of three visitors accepted marketing.
  assert.match(await text(page.getByRole('table', { name: 'Acceptance per category over the period' })), /marketing.*33%/s);
  const custom = visitors[2].consentId;
  await page.getByLabel('Consent id').fill(custom);
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.getByRole('table', { name: `History of consent ${custom}` }).getByText('marketing: no').waitFor();
  assert.match(await text(page.locator('main')), new RegExp(config.hash.slice(0, 8)), 'the archived banner version is listed');
  await axe(page, 'consent with data');
  await shot(page, 'consent-data');
  await context.close();
});

test('retention page draws its plan, chart and runs (retention answers stubbed in the browser)', { timeout: 120_000 }, async () => {
  const { context, page } = await newPage();
  const months = Array.from({ length: 12 }, (_, i) => `2027-${String(i + 1).padStart(2, '0')}`);
  const plan = {
    plan: [
      {
        rule: 'users',
        step: 'users',
        kind: 'root',
        table: 'app.users',
        action: 'delete',
        cutoff: '2026-09-07T22:00:00.000Z',
        due: 1234,
        held: 2,
        below: { 'app.login_logs': { delete: 5678 } },
        upcoming: months.map((month, i) => ({ month, rows: 100 + i * 37 })),
      },
    ],
  };
  const runs = {
    runs: [
      {
        id: 'r1',
        rule: 'users',
        policy_version: '1',
        trigger: 'schedule',
        now_at: '2026-12-01T02:00:00.000Z',
        status: 'done',
        counts: { 'app.users': { delete: 1200 } },
        errors: [],
        batches: 3,
        longest_batch_ms: 41,
        started_at: '2026-12-01T02:00:00.000Z',
        finished_at: '2026-12-01T02:00:02.000Z',
      },
    ],
  };
  const stub: [string, unknown][] = [
    ['**/v1/admin/retention/plan', plan],
    ['**/v1/admin/retention/runs', runs],
    ['**/v1/admin/retention/holds', { holds: [{ id: 1, reason: 'litigation', until: null, created_at: '2026-10-01T00:00:00.000Z' }] }],
  ];
  for (const [url, json] of stub) await page.route(url, (route) => route.fulfill({ json }));
  await signIn(page, ADMIN);
  await open(page, 'Retention', 'Retention');
  const bars = page.getByRole('img', { name: 'Rows falling due per month' });
  await bars.waitFor();
  assert.equal(await bars.locator('rect.bar').count(), 12);
  assert.match(await text(page.getByRole('table', { name: 'Rows due now per rule and table' })), /1,234/);
  assert.match(await text(page.getByRole('table', { name: /Retention runs/ })), /app\.users delete 1,200/);
  await axe(page, 'retention with data');
  await shot(page, 'retention-data');
  await context.close();
});

test('keyboard alone: sign in, skip to content, move through the navigation, and focus follows the page', { timeout: 120_000 }, async () => {
  const { context, page } = await newPage();
  await page.goto(`${server.url}/console/`);
  await page.getByRole('heading', { name: 'Sign in to Custodian' }).waitFor();
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || document.activeElement?.tagName);
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'email');
  await page.keyboard.type(ADMIN);
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'password');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Policy in force' }).waitFor();
  assert.equal(await focused(), 'Policy in force', "the new page's heading has focus");
  // From the top of the page: the skip button first, then it moves focus to the main content.
  await page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute('tabindex');
  });
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Skip to content');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  // Into the navigation: Tab until the Register link, then Enter.
  await page.getByRole('link', { name: 'Versions', exact: true }).focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Register');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Register of processing' }).waitFor();
  assert.equal(await focused(), 'Register of processing');
  assert.match(page.url(), /#\/register$/);
  await context.close();
});
