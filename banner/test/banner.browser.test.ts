import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, type Site, startSite, until } from './site.ts';

const T = 60_000;
let browser: Browser;
let site: Site;

before(async () => {
  [browser, site] = await Promise.all([launch(), startSite()]);
});
after(async () => {
  await browser?.close();
  await site?.close();
});

async function open(path = '/', init?: (ctx: BrowserContext) => Promise<unknown>): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext();
  if (init) await init(ctx);
  const page = await ctx.newPage();
  await page.goto(site.url + path);
  return { ctx, page };
}

const ran = (p: Page) => p.evaluate(() => (window as any).__ran as string[]);
const cookieNames = async (ctx: BrowserContext) => (await ctx.cookies()).map((c) => c.name).sort();
/** The consent commands pushed to dataLayer, as arrays. */
const gcm = (p: Page) =>
  p.evaluate(() => ((window as any).dataLayer || []).map((a: IArguments) => Array.from(a)).filter((a: unknown[]) => a[0] === 'consent'));
const bar = (p: Page) => p.locator('.cst-bar');
const lastConsent = (n: number) => until(() => site.consents.length >= n && site.consents[n - 1], `consent #${n}`);

describe('banner in Chromium', { timeout: 5 * T }, () => {
  test('before any choice: banner shown, nothing blocked ran, no tracking cookie, Consent Mode denied', { timeout: T }, async () => {
    const { ctx, page } = await open();
    await bar(page).waitFor({ state: 'visible', timeout: T / 2 });
    // the three first-layer buttons are there, with equal weight (same size class)
    const names = await bar(page).locator('.cst-btns button').allTextContents();
    assert.deepEqual(names, ['Accept all', 'Reject all', 'Customise']);
    const boxes = await bar(page).locator('.cst-btns button').evaluateAll((els) =>
      els.map((e) => getComputedStyle(e).backgroundColor + getComputedStyle(e).fontWeight),
    );
    assert.equal(new Set(boxes).size, 1, 'buttons styled alike');
    assert.deepEqual(await ran(page), ['necessary']);
    assert.deepEqual(await cookieNames(ctx), []);
    const cmds = await gcm(page);
    assert.equal(cmds.length, 1);
    assert.equal(cmds[0][1], 'default');
    assert.equal(cmds[0][2].wait_for_update, 500);
    for (const k of ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage', 'personalization_storage']) {
      assert.equal(cmds[0][2][k], 'denied', k);
    }
    assert.equal(await page.locator('iframe').getAttribute('src'), null);
    assert.equal(await page.locator('.cst-ph').first().isVisible(), true, 'placeholder shown for the embed');
    assert.ok(site.requests.includes('/config/en.json') && !site.requests.includes('/config/fr.json'));
    await ctx.close();
  });

  test('reject all: blocked scripts stay blocked, Consent Mode denied, refusal stored and posted', { timeout: T }, async () => {
    const n = site.consents.length;
    const { ctx, page } = await open();
    await page.getByRole('button', { name: 'Reject all' }).click();
    const ev = await lastConsent(n + 1);
    assert.equal(ev.action, 'reject_all');
    assert.match(ev.contentType, /^text\/plain/);
    assert.deepEqual(ev.choices, { necessary: true, functional: false, performance: false, marketing: false });
    assert.equal(ev.property, 'shop');
    assert.equal(ev.policyVersion, 3);
    assert.equal(ev.locale, 'en');
    assert.equal(ev.gpc, false);
    assert.match(ev.eventId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(ev.bannerHash, /^[0-9a-f]{64}$/);
    await until(async () => !(await bar(page).isVisible()), 'banner hidden');
    assert.equal(await page.locator('.cst-fab').isVisible(), true, 're-open button shown');
    assert.deepEqual(await ran(page), ['necessary']);
    const upd = (await gcm(page)).at(-1)!;
    assert.equal(upd[1], 'update');
    assert.equal(upd[2].ad_storage, 'denied');
    assert.equal(upd[2].analytics_storage, 'denied');
    const [cookie] = await ctx.cookies();
    assert.equal(cookie.name, 'custodian_consent');
    assert.equal(cookie.sameSite, 'Lax');
    const v = JSON.parse(decodeURIComponent(cookie.value));
    assert.equal(v.id, ev.consentId);
    assert.deepEqual(v.c, { necessary: 1, functional: 0, performance: 0, marketing: 0 });
    assert.equal(v.v, 3);
    assert.equal(v.cv, 'c0ffee01');
    assert.equal(v.h, ev.bannerHash);
    assert.ok(cookie.expires - Date.now() / 1000 > 394 * 86400 && cookie.expires - Date.now() / 1000 < 396 * 86400);
    // next page: no banner, still nothing ran, Consent Mode re-emitted from the stored choice
    await page.reload();
    await page.locator('.cst-fab').waitFor({ state: 'visible', timeout: T / 2 });
    assert.equal(await bar(page).isVisible(), false);
    assert.deepEqual(await ran(page), ['necessary']);
    assert.equal((await gcm(page)).at(-1)![2].ad_storage, 'denied');
    await ctx.close();
  });

  test('markup added after load is blocked until consent, and revived at once when allowed', { timeout: T }, async () => {
    const { ctx, page } = await open();
    const inject = (id: string) =>
      page.evaluate((mark) => {
        const s = document.createElement('script');
        s.type = 'text/plain';
        s.dataset.category = 'marketing';
        s.text = `__ran.push('${mark}')`;
        document.body.appendChild(s);
      }, id);
    await inject('late-before');
    await page.waitForTimeout(200);
    assert.ok(!(await ran(page)).includes('late-before'), 'blocked before any choice');
    await page.getByRole('button', { name: 'Accept all' }).click();
    await until(async () => (await ran(page)).includes('late-before'), 'revived on acceptance');
    await inject('late-after');
    await until(async () => (await ran(page)).includes('late-after'), 'added after acceptance: runs at once');
    await ctx.close();
  });

  test('close button means refusing', { timeout: T }, async () => {
    const n = site.consents.length;
    const { ctx, page } = await open();
    await page.getByRole('button', { name: 'Close (refuse)' }).click();
    assert.equal((await lastConsent(n + 1)).action, 'reject_all');
    assert.deepEqual(await ran(page), ['necessary']);
    await ctx.close();
  });

  test('accept all: blocked scripts, iframes and images run; Consent Mode granted; again on reload', { timeout: T }, async () => {
    const n = site.consents.length;
    const { ctx, page } = await open();
    const changes: unknown[] = [];
    await page.exposeFunction('__changed', (c: unknown) => changes.push(c));
    await page.evaluate(() => (window as any).Custodian.onChange((c: unknown) => (window as any).__changed(c)));
    await page.getByRole('button', { name: 'Accept all' }).click();
    const ev = await lastConsent(n + 1);
    assert.equal(ev.action, 'accept_all');
    assert.deepEqual(ev.choices, { necessary: true, functional: true, performance: true, marketing: true });
    assert.deepEqual(ev.services, { session: true, prefs: true, analytics: true, ads: true, video: true });
    await until(async () => (await ran(page)).includes('marketing'), 'external marketing script');
    assert.deepEqual(await ran(page), ['necessary', 'performance', 'video', 'functional', 'marketing']);
    const upd = (await gcm(page)).at(-1)!;
    for (const k of ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage', 'personalization_storage']) {
      assert.equal(upd[2][k], 'granted', k);
    }
    assert.equal(await page.locator('iframe').getAttribute('src'), '/embed');
    assert.equal(await page.locator('img[alt="Ad pixel"]').getAttribute('src'), '/pixel.gif');
    assert.equal(await page.locator('.cst-ph').first().isVisible(), false);
    await until(() => changes.length === 1, 'onChange');
    assert.equal((await page.evaluate(() => (window as any).Custodian.consent.categories.marketing)), true);
    await page.reload();
    await until(async () => (await ran(page))?.includes('marketing'), 'marketing after reload');
    assert.equal(await bar(page).isVisible(), false);
    assert.ok((await cookieNames(ctx)).includes('_fbp'));
    await ctx.close();
  });

  test('withdraw through the re-open button: cookies of refused services are deleted (host and parent domain)', { timeout: T }, async () => {
    const { ctx, page } = await open();
    await page.getByRole('button', { name: 'Accept all' }).click();
    await until(async () => (await cookieNames(ctx)).includes('ad_dom'), 'marketing cookies');
    assert.deepEqual(await cookieNames(ctx), ['_fbp', '_ga', '_ga_DOM', '_ga_XYZ', 'ad_dom', 'ad_id', 'custodian_consent', 'prefs']);
    const n = site.consents.length;
    await page.getByRole('button', { name: 'Cookie preferences' }).click();
    const dlg = page.getByRole('dialog', { name: 'Customise' });
    await dlg.waitFor({ state: 'visible' });
    // everything is switched on as chosen; refuse performance and marketing
    await dlg.getByRole('switch', { name: 'Performance' }).uncheck();
    await dlg.getByRole('switch', { name: 'Marketing' }).uncheck();
    await dlg.getByRole('button', { name: 'Save my choices' }).click();
    const ev = await lastConsent(n + 1);
    assert.equal(ev.action, 'withdraw');
    assert.deepEqual(ev.choices, { necessary: true, functional: true, performance: false, marketing: false });
    assert.equal(ev.services.ads, false);
    await until(async () => !(await cookieNames(ctx)).includes('_fbp'), 'cookies deleted');
    assert.deepEqual(await cookieNames(ctx), ['custodian_consent', 'prefs']);
    assert.equal((await gcm(page)).at(-1)![2].ad_storage, 'denied');
    assert.equal((await gcm(page)).at(-1)![2].functionality_storage, 'granted');
    assert.equal(await page.locator('iframe').getAttribute('src'), null, 'embed unloaded');
    await ctx.close();
  });

  test('per-service switch: refusing one service keeps the rest of its category', { timeout: T }, async () => {
    const n = site.consents.length;
    const { ctx, page } = await open();
    await bar(page).getByRole('button', { name: 'Customise' }).click();
    const dlg = page.getByRole('dialog', { name: 'Customise' });
    await dlg.getByRole('switch', { name: 'Marketing' }).check();
    await dlg.locator('summary').nth(3).click();
    assert.equal(await dlg.getByRole('switch', { name: 'Video player' }).isChecked(), true);
    await dlg.getByRole('switch', { name: 'Ad network' }).uncheck();
    // the cookie table of the service is shown
    assert.equal(await dlg.getByRole('cell', { name: '_fbp' }).isVisible(), true);
    assert.equal(await dlg.getByText('Refusing everything may limit some services').isVisible(), true);
    await dlg.getByRole('button', { name: 'Save my choices' }).click();
    const ev = await lastConsent(n + 1);
    assert.equal(ev.action, 'custom');
    assert.equal(ev.choices.marketing, true);
    assert.deepEqual(ev.services, { session: true, prefs: false, analytics: false, ads: false, video: true });
    await until(async () => (await ran(page)).includes('video'), 'video script');
    assert.deepEqual(await ran(page), ['necessary', 'video']);
    assert.equal(await page.locator('iframe').getAttribute('src'), '/embed');
    assert.equal(await page.locator('img[alt="Ad pixel"]').getAttribute('src'), null);
    await ctx.close();
  });

  test('a new cookie policy version brings the banner back, saying so', { timeout: T }, async () => {
    const { ctx, page } = await open();
    await page.getByRole('button', { name: 'Accept all' }).click();
    await until(async () => (await ran(page)).includes('marketing'), 'accepted');
    site.overrides = { cookiePolicyVersion: 'beef0002' };
    try {
      await page.reload();
      await bar(page).waitFor({ state: 'visible', timeout: T / 2 });
      assert.match(String(await bar(page).textContent()), /Our cookie policy has changed/);
      assert.deepEqual(await ran(page), ['necessary'], 'the old consent no longer applies');
      const n = site.consents.length;
      await page.getByRole('button', { name: 'Accept all' }).click();
      await lastConsent(n + 1);
      await page.reload();
      await page.locator('.cst-fab').waitFor({ state: 'visible', timeout: T / 2 });
      assert.equal(await bar(page).isVisible(), false);
      const v = JSON.parse(decodeURIComponent((await ctx.cookies()).find((c) => c.name === 'custodian_consent')!.value));
      assert.equal(v.cv, 'beef0002');
    } finally {
      site.overrides = {};
    }
    await ctx.close();
  });

  test('after the re-ask interval the banner returns, the earlier choice still applying meanwhile', { timeout: T }, async () => {
    const old = Math.floor(Date.now() / 1000) - 200 * 86400;
    const value = encodeURIComponent(
      JSON.stringify({ id: 'a1b2', t: old, c: { necessary: 1, functional: 0, performance: 1, marketing: 0 }, v: 3, cv: 'c0ffee01', h: 'x' }),
    );
    const { ctx, page } = await open('/', (c) => c.addCookies([{ name: 'custodian_consent', value, url: site.url }]));
    await bar(page).waitFor({ state: 'visible', timeout: T / 2 });
    assert.deepEqual(await ran(page), ['performance', 'necessary']);
    const n = site.consents.length;
    // closing when asked again still means refusing
    await page.getByRole('button', { name: 'Close (refuse)' }).click();
    const ev = await lastConsent(n + 1);
    assert.equal(ev.consentId, 'a1b2', 'same consent id across choices');
    assert.equal(ev.action, 'withdraw');
    assert.equal(ev.choices.performance, false);
    await ctx.close();
  });

  test('GPC: marketing refused by default and the banner says why; an explicit choice wins', { timeout: T }, async () => {
    const gpc = (c: BrowserContext) =>
      c.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const n = site.consents.length;
    const { ctx, page } = await open('/', gpc);
    await bar(page).waitFor({ state: 'visible', timeout: T / 2 });
    assert.match(String(await bar(page).textContent()), /Global Privacy Control/);
    await bar(page).getByRole('button', { name: 'Customise' }).click();
    const dlg = page.getByRole('dialog', { name: 'Customise' });
    assert.match(String(await dlg.textContent()), /Global Privacy Control/);
    assert.equal(await dlg.getByRole('switch', { name: 'Marketing' }).isChecked(), false);
    await dlg.getByRole('button', { name: 'Close (refuse)' }).click();
    const ev = await lastConsent(n + 1);
    assert.equal(ev.action, 'gpc');
    assert.equal(ev.gpc, true);
    assert.equal(ev.choices.marketing, false);
    assert.deepEqual(await ran(page), ['necessary']);
    // explicit choice
    await page.getByRole('button', { name: 'Cookie preferences' }).click();
    await dlg.getByRole('button', { name: 'Accept all' }).click();
    const ev2 = await lastConsent(n + 2);
    assert.equal(ev2.action, 'accept_all');
    assert.equal(ev2.gpc, true);
    assert.equal(ev2.choices.marketing, true);
    await until(async () => (await ran(page)).includes('marketing'), 'marketing after explicit accept');
    await ctx.close();
  });

  test('French page gets French texts, and only French is fetched', { timeout: T }, async () => {
    site.requests.length = 0;
    const { ctx, page } = await open('/fr');
    await bar(page).waitFor({ state: 'visible', timeout: T / 2 });
    assert.match(String(await bar(page).textContent()), /Nous utilisons des cookies/);
    assert.equal(await page.getByRole('button', { name: 'Tout refuser' }).isVisible(), true);
    assert.ok(site.requests.includes('/config/fr.json'));
    assert.ok(!site.requests.includes('/config/en.json'));
    const n = site.consents.length;
    await page.getByRole('button', { name: 'Tout refuser' }).click();
    assert.equal((await lastConsent(n + 1)).locale, 'fr');
    await ctx.close();
  });

  test('JS API: accept(categories), consent, show(), [data-custodian-open]', { timeout: T }, async () => {
    const n = site.consents.length;
    const { ctx, page } = await open();
    await bar(page).waitFor({ state: 'visible', timeout: T / 2 });
    const c = await page.evaluate(() => (window as any).Custodian.accept(['performance']));
    assert.deepEqual(c.categories, { necessary: true, functional: false, performance: true, marketing: false });
    assert.equal((await lastConsent(n + 1)).action, 'custom');
    await until(async () => (await ran(page)).includes('performance'), 'performance');
    assert.equal(await bar(page).isVisible(), false);
    await page.evaluate(() => (window as any).Custodian.show());
    await page.getByRole('dialog', { name: 'Customise' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Customise' }).waitFor({ state: 'hidden' });
    assert.equal(site.consents.length, n + 1, 'closing with a choice already made changes nothing');
    await page.getByRole('link', { name: 'Cookie settings' }).click();
    await page.getByRole('dialog', { name: 'Customise' }).waitFor({ state: 'visible' });
    await ctx.close();
  });
});
