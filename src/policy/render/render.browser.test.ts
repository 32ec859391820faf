// The published pages in a real browser: axe-core finds no WCAG 2 A/AA violation, the stylesheet
// applies, the CSP the server sends blocks nothing the page needs, and the page prints.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { loadPolicyFile } from '../load.ts';
import { buildRegister, registerToHtml } from '../ropa.ts';
import { POLICY_CSS, renderCookieCharter, renderPrivacyPolicy } from './index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const { policy } = loadPolicyFile(join(here, '../../../examples/ksaar/policy.yaml'));
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

let browser: Browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});
after(async () => {
  await browser?.close();
});

async function open(html: string) {
  const page = await browser.newPage();
  const blocked: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
  });
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    requests.push(url.pathname);
    if (url.pathname === '/page') return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': CSP }, body: html });
    if (url.pathname === '/assets/policy.css') return route.fulfill({ status: 200, contentType: 'text/css', body: POLICY_CSS });
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto('http://custodian.test/page');
  return { page, blocked, requests };
}

const pages = {
  'privacy en': () => renderPrivacyPolicy(policy, { locale: 'en', format: 'html' }),
  'privacy fr': () => renderPrivacyPolicy(policy, { locale: 'fr', format: 'html' }),
  'cookies en': () => renderCookieCharter(policy, { locale: 'en', format: 'html' }),
  'cookies fr': () => renderCookieCharter(policy, { locale: 'fr', format: 'html' }),
  'register fr': () => registerToHtml(buildRegister(policy, 'fr'), 'fr', policy.controller.name),
};

describe('published pages in Chromium', () => {
  for (const [name, html] of Object.entries(pages)) {
    test(`${name}: no axe violation, stylesheet applied under the strict CSP, only the stylesheet loaded`, async () => {
      const { page, blocked, requests } = await open(html());
      try {
        // axe is injected by the test through the DevTools protocol, not by the page (which has no script).
        await page.evaluate(axeSource);
        const result = await page.evaluate(async () => {
          const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[]; passes: { id: string }[] }> } }).axe;
          const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
          return { violations: r.violations.map((v) => `${v.id} (${v.nodes.length})`), passes: r.passes.map((x) => x.id) };
        });
        assert.deepEqual(result.violations, []);
        for (const rule of ['html-has-lang', 'document-title', 'th-has-data-cells', 'color-contrast', 'landmark-one-main']) {
          assert.ok(result.passes.includes(rule), `axe checked ${rule}`);
        }
        const fontFamily = await page.evaluate(() => getComputedStyle(document.documentElement).fontFamily);
        assert.match(fontFamily, /system-ui/, 'policy.css applies');
        assert.deepEqual(blocked, []);
        assert.deepEqual(requests.sort(), ['/assets/policy.css', '/page']);
        const pdf = await page.pdf({ format: 'A4' });
        assert.ok(pdf.length > 10_000, 'the page prints');
      } finally {
        await page.close();
      }
    });
  }
});
