// Golden files of the published texts (both documents × en/fr × HTML/Markdown) and the properties
// every published page must have. Regenerate the golden files with UPDATE_GOLDEN=1 after a deliberate change.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadPolicyFile, parsePolicy } from '../load.ts';
import type { Policy } from '../model.ts';
import { formatDate, POLICY_CSS, renderCookieCharter, renderPrivacyPolicy } from './index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const goldenDir = join(here, 'golden');

/** The policies with golden files: the test fixture and the shipped example. */
const goldenPolicies: Record<string, string> = {
  mini: join(here, '../fixtures/mini.yaml'),
  ksaar: join(here, '../../../examples/ksaar/policy.yaml'),
};

const renderers = { privacy: renderPrivacyPolicy, cookies: renderCookieCharter };

function golden(name: string, actual: string): void {
  const file = join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1') assert.fail(`missing golden file ${name}: run with UPDATE_GOLDEN=1`);
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs from its golden file (UPDATE_GOLDEN=1 to accept)`);
}

for (const [name, file] of Object.entries(goldenPolicies)) {
  describe(`golden: ${name}`, () => {
    const { policy } = loadPolicyFile(file);
    for (const [doc, render] of Object.entries(renderers))
      for (const locale of ['en', 'fr'] as const)
        for (const format of ['html', 'md'] as const)
          test(`${doc} ${locale} ${format}`, () => golden(`${name}.${doc}.${locale}.golden.${format}`, render(policy, { locale, format })));
  });
}

const mini = () => loadPolicyFile(goldenPolicies.mini).policy;

describe('privacy policy content', () => {
  test('the retention durations are written in words, in each locale', () => {
    const words = {
      en: ['90 days', '3 years', '5 years', '1 year', '13 months'],
      fr: ['90 jours', '3 ans', '5 ans', '1 an', '13 mois'],
    };
    for (const file of [goldenPolicies.mini, goldenPolicies.ksaar])
    for (const locale of ['en', 'fr'] as const)
      for (const format of ['html', 'md'] as const) {
        const text = renderPrivacyPolicy(loadPolicyFile(file).policy, { locale, format });
        for (const w of words[locale]) assert.ok(text.includes(w), `${locale} ${format}: "${w}" missing`);
        assert.ok(!/\bP\d+[YMDW]\b/.test(text), `${locale} ${format}: an ISO duration was printed as is`);
      }
  });

  test('the ten questions, each anchored in the table of contents', () => {
    const html = renderPrivacyPolicy(mini(), { locale: 'en', format: 'html' });
    const ids = ['concepts', 'controller', 'categories', 'purposes', 'recipients', 'retention', 'security', 'rights', 'dpo', 'versions'];
    for (const id of ids) {
      assert.ok(html.includes(`<a href="#${id}">`), `toc link to ${id}`);
      assert.ok(html.includes(`<h2 id="${id}">`), `heading ${id}`);
    }
    assert.match(html, /<h2 id="versions">10\. /);
  });

  test('legal bases, processors with country and mechanism, rights deadlines, DPO and authority', () => {
    const en = renderPrivacyPolicy(mini(), { locale: 'en', format: 'md' });
    assert.match(en, /Performance of a contract \(Article 6\(1\)\(b\) GDPR\)/);
    assert.match(en, /\| Stats Inc \| Statistics \| United States \| EU-US Data Privacy Framework/);
    assert.match(en, /We answer within 1 month of receipt/);
    assert.match(en, /extended by 2 months/);
    assert.match(en, /identity document: access, erasure and portability/);
    assert.match(en, /civil status, identity, profession and contact details/);
    assert.match(en, /\[dpo@mini\.example\]\(mailto:dpo@mini\.example\)/);
    assert.match(en, /3 place de Fontenoy/);
    assert.match(en, /Held only by Pay Ltd/);
    assert.match(en, /never sold, rented or traded/);
    const fr = renderPrivacyPolicy(mini(), { locale: 'fr', format: 'md' });
    assert.match(fr, /Exécution d'un contrat \(article 6\.1\.b du RGPD\)/);
    assert.match(fr, /\| Stats Inc \| Statistiques \| États-Unis \|/);
    assert.match(fr, /dans un délai de 1 mois/);
    assert.match(fr, /entrée en vigueur le 25 mars 2022/);
  });

  test('a published version shows its number, date and fingerprint', () => {
    const html = renderPrivacyPolicy(mini(), { locale: 'en', format: 'html', version: { id: 3, effective: '2023-06-01', hash: 'abc123' } });
    assert.match(html, /Version 3 of this policy came into force on 1 June 2023\./);
    assert.match(html, /<code>abc123<\/code>/);
    const fr = renderCookieCharter(mini(), { locale: 'fr', format: 'md', version: { id: 3, effective: '2023-06-01', hash: 'abc123' } });
    assert.match(fr, /La version 3 de cette charte cookies est entrée en vigueur le 1 juin 2023\./);
  });

  test('the controller/processor wording follows the model', () => {
    const p = mini();
    const asProcessor: Policy = { ...p, controller: { ...p.controller, role: 'processor' } };
    const text = renderPrivacyPolicy(asProcessor, { locale: 'en', format: 'md' });
    assert.match(text, /Mini SAS determines the purposes and means .* Mini SAS acts as a processor/);
  });

  test('the published text with its defects still renders, and shows them', () => {
    const { policy } = loadPolicyFile(join(here, '../../../examples/ksaar-as-published/policy.yaml'));
    for (const locale of ['en', 'fr'] as const) {
      const text = renderPrivacyPolicy(policy, { locale, format: 'md' });
      assert.match(text, locale === 'en' ? /No purpose is declared\./ : /Aucune finalité n'est déclarée\./);
      renderCookieCharter(policy, { locale, format: 'html' });
    }
    const en = renderPrivacyPolicy(policy, { locale: 'en', format: 'md' });
    assert.match(en, /Privacy Shield \(invalidated on 16 July 2020\)/);
  });

  test('no purposes: said plainly, not an empty section', () => {
    const text = renderPrivacyPolicy({ ...mini(), purposes: {} }, { locale: 'en', format: 'md' });
    assert.match(text, /No purpose is declared\./);
  });
});

describe('cookie charter content', () => {
  test('category table, each service with its cookies and lifetimes, consent tool, browsers, change link', () => {
    const html = renderCookieCharter(mini(), { locale: 'en', format: 'html' });
    assert.match(html, /<th scope="row">Strictly necessary<\/th><td>Essential to browse the site\.<\/td><td>Always active/);
    assert.match(html, /<th scope="row"><code>_st_id<\/code><\/th><td>\.mini\.example<\/td><td>13 months<\/td>/);
    assert.match(html, /<code>_st_ses<\/code><\/th><td>—<\/td><td>30 minutes<\/td>/);
    assert.match(html, /<code>mini_session<\/code><\/th><td>—<\/td><td>session/);
    assert.match(html, /with Custodian\./);
    assert.match(html, /Your choice is kept for 13 months; we ask you again after 6 months\./);
    assert.match(html, /<a class="button" href="#consent-tool" data-custodian-open>Change my cookie choices<\/a>/);
    assert.match(html, /<a href="https:\/\/support\.mozilla\.org\/[^"]+">Firefox<\/a>/);
    for (const id of ['what', 'use', 'consent-tool', 'browsers', 'versions']) assert.ok(html.includes(`<a href="#${id}">`), id);
    const md = renderCookieCharter(mini(), { locale: 'fr', format: 'md' });
    assert.match(md, /<a href="#consent-tool" data-custodian-open>Modifier mes choix de cookies<\/a>/);
    assert.match(md, /\| `_st_id` \| \.mini\.example \| 13 mois \|/);
    assert.match(md, /conservé 13 mois ; nous vous le redemandons au bout de 6 mois/);
  });

  test('the tool defaults to Custodian when the policy leaves it blank', () => {
    const p = mini();
    const text = renderCookieCharter({ ...p, cookies: { ...p.cookies, tool: undefined } }, { locale: 'en', format: 'md' });
    assert.match(text, /with Custodian\./);
  });
});

describe('HTML pages', () => {
  const pages = () =>
    (['en', 'fr'] as const).flatMap((locale) => [
      { locale, html: renderPrivacyPolicy(mini(), { locale, format: 'html' }) },
      { locale, html: renderCookieCharter(mini(), { locale, format: 'html' }) },
    ]);

  test('complete, accessible documents', () => {
    for (const { locale, html } of pages()) {
      assert.ok(html.startsWith('<!doctype html>\n'));
      assert.ok(html.includes(`<html lang="${locale}">`));
      assert.ok(html.includes('<meta charset="utf-8">'));
      assert.ok(html.includes('<meta name="viewport" content="width=device-width, initial-scale=1">'));
      assert.match(html, /<title>[^<]+ – Mini SAS<\/title>/);
      assert.match(html, /<nav class="toc" aria-labelledby="toc">/);
      assert.match(html, /<main id="content">/);
      const tables = html.match(/<table>/g)?.length ?? 0;
      assert.ok(tables > 0);
      assert.equal(html.match(/<caption>/g)?.length, tables, 'every table has a caption');
      assert.equal(html.match(/<thead>/g)?.length, tables, 'every table has a header row');
      assert.ok(!/<th(?![^>]*scope="(col|row)")[ >]/.test(html), 'every th has a scope');
      assert.equal(html.match(/<h1>/g)?.length, 1);
    }
  });

  test('no script, no inline style, no external resource', () => {
    for (const { html } of pages()) {
      assert.ok(!/<script/i.test(html), 'no <script');
      assert.ok(!/style=/i.test(html), 'no style=');
      assert.ok(!/<style/i.test(html), 'no <style>');
      assert.ok(!/\son\w+=/i.test(html), 'no event handler attribute');
      assert.ok(!/\ssrc=/i.test(html), 'no src attribute');
      const links = html.match(/<link [^>]*>/g) ?? [];
      assert.deepEqual(links, ['<link rel="stylesheet" href="/assets/policy.css">']);
      assert.ok(!/(src|srcset|poster|data)="https?:/i.test(html), 'no resource loaded from http');
    }
  });

  test('the stylesheet is print-friendly and self-contained', () => {
    assert.match(POLICY_CSS, /@media print/);
    assert.ok(!/url\(|@import|https?:/.test(POLICY_CSS), 'no external reference in the CSS');
  });
});

describe('escaping', () => {
  const hostile = () => {
    const src = readFileSync(goldenPolicies.mini, 'utf8')
      .replace('name: Mini SAS', 'name: "Mini <script>alert(1)</script> & Co"')
      .replace("label: { en: Identification data, fr: Données d'identification }", 'label: { en: "<img src=x onerror=alert(1)> *bold* [x](javascript:alert(1)) | pipe", fr: "<b>fr</b>" }')
      .replace("url: 'https://support.google.com/chrome/answer/95647'", "url: 'javascript:alert(1)'");
    return parsePolicy(src).policy;
  };

  test('HTML: every policy text is escaped', () => {
    for (const render of Object.values(renderers)) {
      const html = render(hostile(), { locale: 'en', format: 'html' });
      assert.ok(!/<script/i.test(html));
      assert.ok(!/<img/i.test(html));
      assert.ok(!html.includes('href="javascript:'), 'a javascript: URL is never a link');
      assert.ok(html.includes('Mini &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co'));
    }
    const privacy = renderPrivacyPolicy(hostile(), { locale: 'en', format: 'html' });
    assert.ok(privacy.includes('&lt;img src=x onerror=alert(1)&gt;'));
  });

  test('Markdown: policy texts cannot become markup, links or table cells', () => {
    const md = renderPrivacyPolicy(hostile(), { locale: 'en', format: 'md' });
    assert.ok(md.includes('Mini \\<script\\>alert(1)\\</script\\> \\& Co'));
    assert.ok(md.includes('\\<img src=x onerror=alert(1)\\> \\*bold\\* \\[x\\](javascript:alert(1)) \\| pipe'));
    assert.ok(!/(^|[^\\])<(script|img)/m.test(md), "no unescaped tag");
    const cookies = renderCookieCharter(hostile(), { locale: 'en', format: 'md' });
    assert.ok(!cookies.includes('](javascript:'));
  });
});

test('dates per locale', () => {
  assert.equal(formatDate('2022-03-25', 'en'), '25 March 2022');
  assert.equal(formatDate('2022-03-25', 'fr'), '25 mars 2022');
});

