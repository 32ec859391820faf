import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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

const focused = (p: Page) =>
  p.evaluate(() => {
    const a = document.activeElement as HTMLInputElement | null;
    if (!a) return '';
    const text = a.labels?.[0]?.textContent || a.textContent || '';
    return (a.getAttribute('aria-label') || a.getAttribute('role') || a.tagName) + ':' + text.trim().slice(0, 40);
  });

async function tabTo(p: Page, re: RegExp, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await p.keyboard.press('Tab');
    if (re.test(await focused(p))) return;
  }
  throw new Error(`never focused ${re}; last ${await focused(p)}`);
}

async function axe(p: Page): Promise<string[]> {
  await p.addScriptTag({ url: '/axe.js' });
  return p.evaluate(async () => {
    const r = await (window as any).axe.run('.cst', { resultTypes: ['violations'] });
    return r.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

describe('banner accessibility and CSP', { timeout: 5 * T }, () => {
  test('the whole flow by keyboard alone, with focus trapped in the dialog and restored', { timeout: T }, async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(site.url + '/');
    await page.locator('.cst-bar').waitFor({ state: 'visible', timeout: T / 2 });
    // the banner takes focus so that keyboard users reach it first
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'cst-bar');
    await tabTo(page, /Customise/);
    await page.keyboard.press('Enter');
    const dlg = page.getByRole('dialog', { name: 'Customise' });
    await dlg.waitFor({ state: 'visible' });
    assert.match(await focused(page), /^switch/, 'focus moved into the dialog');
    // visible focus indicator
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.equal(outline, 'solid');
    // trap: tabbing many times never leaves the dialog
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      assert.ok(await page.evaluate(() => !!document.activeElement?.closest('dialog')), 'focus stays in the dialog');
    }
    await page.keyboard.press('Shift+Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('dialog')));
    await tabTo(page, /^switch:Performance/);
    await page.keyboard.press('Space');
    assert.equal(await dlg.getByRole('switch', { name: 'Performance' }).isChecked(), true);
    // open the services of the performance category with the keyboard
    await page.keyboard.press('Tab');
    assert.match(await focused(page), /SUMMARY/);
    await page.keyboard.press('Enter');
    await tabTo(page, /Save my choices/);
    const n = site.consents.length;
    await page.keyboard.press('Enter');
    const ev = await until(() => site.consents[n], 'consent');
    assert.equal(ev.action, 'custom');
    assert.deepEqual(ev.choices, { necessary: true, functional: false, performance: true, marketing: false });
    await dlg.waitFor({ state: 'hidden' });
    assert.match(await focused(page), /Cookie preferences/, 'focus lands on the re-open button');
    // re-open with the keyboard, close with Escape: focus is restored
    await page.keyboard.press('Enter');
    await dlg.waitFor({ state: 'visible' });
    assert.equal(await dlg.getByRole('switch', { name: 'Performance' }).isChecked(), true, 'dialog shows the current choice');
    await page.keyboard.press('Escape');
    await dlg.waitFor({ state: 'hidden' });
    assert.match(await focused(page), /Cookie preferences/);
    assert.equal(site.consents.length, n + 1);
    // and withdraw everything by keyboard
    await page.keyboard.press('Enter');
    await dlg.waitFor({ state: 'visible' });
    await tabTo(page, /^BUTTON:Reject all/);
    await page.keyboard.press('Enter');
    assert.equal((await until(() => site.consents[n + 1], 'withdraw')).action, 'withdraw');
    await ctx.close();
  });

  test('axe-core finds no violation in either layer (en and fr)', { timeout: T }, async () => {
    for (const path of ['/', '/fr']) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(site.url + path);
      await page.locator('.cst-bar').waitFor({ state: 'visible', timeout: T / 2 });
      assert.deepEqual(await axe(page), [], `first layer ${path}`);
      await page.locator('.cst-bar [data-a="more"]').click();
      await page.locator('dialog').waitFor({ state: 'visible' });
      for (const d of await page.locator('details').all()) await d.locator('summary').click();
      assert.deepEqual(await axe(page), [], `second layer ${path}`);
      await ctx.close();
    }
  });

  test('strict CSP page (nonce scripts, style-src self): no violation through the whole flow', { timeout: T }, async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(site.url + '/csp');
    await page.locator('.cst-bar').waitFor({ state: 'visible', timeout: T / 2 });
    // the stylesheet applied (bar is fixed-positioned by the CSS file)
    assert.equal(await page.locator('.cst-bar').evaluate((e) => getComputedStyle(e).position), 'fixed');
    await page.locator('.cst-bar [data-a="more"]').click();
    await page.locator('dialog').waitFor({ state: 'visible' });
    await page.locator('dialog [data-a="all"]').click();
    await until(async () => (await page.evaluate(() => (window as any).__ran)).includes('marketing'), 'revived scripts');
    assert.deepEqual(await page.evaluate(() => (window as any).__ran), ['necessary', 'performance', 'video', 'functional', 'marketing']);
    await page.locator('.cst-fab').click();
    await page.locator('dialog').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    assert.deepEqual(await page.evaluate(() => (window as any).__csp), []);
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
