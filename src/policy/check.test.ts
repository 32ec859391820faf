// Every checker rule, both ways: the clean example triggers nothing; each mutation below triggers
// exactly the rule it names (with its severity, path and basis); the near-misses trigger nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkPolicy, type Finding } from './check.ts';
import { loadPolicyFile } from './load.ts';
import type { Policy } from './model.ts';

const example = (name: string) => loadPolicyFile(fileURLToPath(new URL(`../../examples/${name}/policy.yaml`, import.meta.url))).policy;
const base = example('ksaar');
const variant = (mutate: (p: Policy) => void): Policy => {
  const p = structuredClone(base);
  mutate(p);
  return p;
};

interface Case {
  rule: string;
  severity: 'error' | 'warning';
  path: string;
  basis: RegExp;
  mutate: (p: Policy) => void;
  message?: RegExp;
}

const cases: Case[] = [
  { rule: 'purposes-missing', severity: 'error', path: 'purposes', basis: /Art\. 13\(1\)\(c\)/, mutate: (p) => { p.purposes = {}; } },
  { rule: 'purpose-legal-basis-missing', severity: 'error', path: 'purposes.billing', basis: /Art\. 13\(1\)\(c\)/, mutate: (p) => { delete p.purposes.billing.legal_basis; } },
  { rule: 'legitimate-interest-missing', severity: 'warning', path: 'purposes.security', basis: /Art\. 13\(1\)\(d\)/, mutate: (p) => { delete p.purposes.security.legitimate_interest; } },
  { rule: 'purpose-incomplete', severity: 'warning', path: 'purposes.newsletters.subjects', basis: /Art\. 30/, mutate: (p) => { p.purposes.newsletters.subjects = []; } },
  { rule: 'retention-missing-category', severity: 'error', path: 'categories.billing', basis: /Art\. 13\(2\)\(a\)/, mutate: (p) => { p.retention = p.retention.filter((r) => r.id !== 'invoices'); } },
  { rule: 'retention-missing-category', severity: 'error', path: 'categories.financial', basis: /Art\. 13\(2\)\(a\)/, mutate: (p) => { delete p.categories.financial.held_by; } },
  { rule: 'retention-missing-subject', severity: 'error', path: 'subjects.prospect', basis: /Art\. 13\(2\)\(a\)/, mutate: (p) => { p.retention = p.retention.filter((r) => r.id !== 'prospects'); p.retention[1].subjects = p.retention[1].subjects.filter((s) => s !== 'prospect'); p.retention[2].subjects = p.retention[2].subjects.filter((s) => s !== 'prospect'); } },
  { rule: 'retention-extension-purpose-missing', severity: 'warning', path: 'retention[0].extensions[1]', basis: /Art\. 5\(1\)\(e\)/, mutate: (p) => { delete p.retention[0].extensions[1].purpose; } },
  { rule: 'transfer-mechanism-missing', severity: 'error', path: 'recipients.processors.statistics', basis: /Art\. 44/, message: /Data Privacy Framework/, mutate: (p) => { delete p.recipients.processors.statistics.transfer; } },
  { rule: 'transfer-mechanism-missing', severity: 'error', path: 'recipients.processors.messaging.transfer.mechanism', basis: /Art\. 44/, mutate: (p) => { p.recipients.processors.messaging.transfer = { mechanism: 'eea' }; } },
  { rule: 'transfer-privacy-shield', severity: 'error', path: 'recipients.processors.statistics.transfer.mechanism', basis: /C-311\/18/, message: /Privacy Shield.*16 July 2020.*Data Privacy Framework.*2021\/914/, mutate: (p) => { p.recipients.processors.statistics.transfer = { mechanism: 'privacy_shield' }; } },
  { rule: 'transfer-privacy-shield', severity: 'error', path: 'recipients.processors.hosting.transfer.mechanism', basis: /C-311\/18/, message: /adequacy decision for JP/, mutate: (p) => { p.recipients.processors.hosting.country = 'JP'; p.recipients.processors.hosting.transfer = { mechanism: 'privacy_shield' }; } },
  { rule: 'transfer-mechanism-invalid', severity: 'error', path: 'recipients.processors.hosting.transfer.mechanism', basis: /2023\/1795/, mutate: (p) => { p.recipients.processors.hosting.country = 'IN'; p.recipients.processors.hosting.transfer = { mechanism: 'dpf' }; } },
  { rule: 'transfer-mechanism-invalid', severity: 'error', path: 'recipients.processors.statistics.transfer.mechanism', basis: /Art\. 45/, message: /dpf/, mutate: (p) => { p.recipients.processors.statistics.transfer = { mechanism: 'adequacy' }; } },
  { rule: 'transfer-derogation', severity: 'warning', path: 'recipients.processors.messaging.transfer.mechanism', basis: /Art\. 49/, mutate: (p) => { p.recipients.processors.messaging.transfer = { mechanism: 'derogation' }; } },
  { rule: 'processor-purpose-missing', severity: 'warning', path: 'recipients.processors.payment.purposes', basis: /Art\. 28/, mutate: (p) => { p.recipients.processors.payment.purposes = []; } },
  { rule: 'controller-role-contradiction', severity: 'error', path: 'controller.role', basis: /Art\. 4\(7\)/, mutate: (p) => { p.controller.role = 'processor'; } },
  { rule: 'dpo-contact-missing', severity: 'error', path: 'controller', basis: /Art\. 13\(1\)\(b\), 37\(7\)/, mutate: (p) => { delete p.controller.dpo; } },
  { rule: 'dpo-contact-missing', severity: 'error', path: 'controller.dpo', basis: /Art\. 13\(1\)\(b\)/, mutate: (p) => { p.controller.dpo = { name: 'DPO' }; } },
  { rule: 'authority-address-missing', severity: 'error', path: 'controller', basis: /Art\. 13\(2\)\(d\)/, mutate: (p) => { delete p.controller.authority; } },
  { rule: 'authority-address-missing', severity: 'error', path: 'controller.authority', basis: /Art\. 13\(2\)\(d\)/, mutate: (p) => { p.controller.authority = { name: 'CNIL' }; } },
  { rule: 'purpose-without-recipient', severity: 'warning', path: 'purposes.newsletters', basis: /Art\. 30/, mutate: (p) => { p.recipients.internal.marketing.purposes = ['prospecting', 'audience_measurement', 'advertising']; } },
  { rule: 'clearance-without-purpose', severity: 'warning', path: 'recipients.internal.control.purposes', basis: /Art\. 5\(1\)\(c\)/, mutate: (p) => { p.recipients.internal.control.purposes = []; p.purposes.legal_archiving.legal_basis = 'legal_obligation'; p.recipients.internal.administration.purposes.push('legal_archiving', 'evidence_archiving'); } },
  { rule: 'clearance-held-category', severity: 'warning', path: 'recipients.internal.administration.categories[2]', basis: /Art\. 5\(1\)\(c\)/, mutate: (p) => { p.recipients.internal.administration.categories.push('financial'); } },
  { rule: 'clearance-beyond-purposes', severity: 'warning', path: 'recipients.internal.marketing.categories[2]', basis: /25\(2\)/, mutate: (p) => { p.recipients.internal.marketing.categories.push('billing'); } },
  { rule: 'category-unused', severity: 'warning', path: 'categories.relationship', basis: /Art\. 5\(1\)\(c\)/, mutate: (p) => { for (const pu of Object.values(p.purposes)) pu.categories = pu.categories.filter((c) => c !== 'relationship'); for (const r of Object.values(p.recipients.internal)) r.categories = r.categories.filter((c) => c !== 'relationship'); } },
  { rule: 'subject-unused', severity: 'warning', path: 'subjects.visitor', basis: /Art\. 30/, mutate: (p) => { for (const pu of Object.values(p.purposes)) pu.subjects = pu.subjects.filter((s) => s !== 'visitor'); } },
  { rule: 'rights-deadline-too-long', severity: 'error', path: 'rights.deadline', basis: /Art\. 12\(3\)/, mutate: (p) => { p.rights.deadline = 'P6W'; } },
  { rule: 'rights-extension-too-long', severity: 'error', path: 'rights.extension', basis: /Art\. 12\(3\)/, mutate: (p) => { p.rights.extension = 'P3M'; } },
  { rule: 'cookie-tool-missing', severity: 'warning', path: 'cookies.tool', basis: /CNIL/, mutate: (p) => { delete p.cookies.tool; } },
  { rule: 'cookie-lifetime-too-long', severity: 'error', path: 'cookies.services.google_analytics.cookies[0].lifetime', basis: /13 months/, mutate: (p) => { p.cookies.services.google_analytics.cookies[0].lifetime = 'P2Y'; } },
  { rule: 'cookie-lifetime-too-long', severity: 'error', path: 'cookies.services.language.cookies[0].lifetime', basis: /13 months/, mutate: (p) => { p.cookies.services.language.cookies[0].lifetime = 'P400D'; } },
  { rule: 'cookie-lifetime-too-long', severity: 'error', path: 'cookies.consent.lifetime', basis: /13 months/, mutate: (p) => { p.cookies.consent.lifetime = 'P14M'; } },
  { rule: 'consent-reask-after-lifetime', severity: 'error', path: 'cookies.consent.reask_after', basis: /CNIL/, mutate: (p) => { p.cookies.consent.lifetime = 'P6M'; p.cookies.consent.reask_after = 'P7M'; } },
  { rule: 'consent-reask-too-soon', severity: 'warning', path: 'cookies.consent.reask_after', basis: /CNIL/, mutate: (p) => { p.cookies.consent.reask_after = 'P1M'; } },
  { rule: 'cookie-category-purpose-missing', severity: 'warning', path: 'cookies.categories.performance.purposes', basis: /Art\. 5\(3\)/, mutate: (p) => { p.cookies.categories.performance.purposes = []; } },
  { rule: 'cookie-purpose-not-consent', severity: 'error', path: 'cookies.categories.marketing.purposes[0]', basis: /Art\. 5\(3\)/, mutate: (p) => { p.purposes.advertising.legal_basis = 'legitimate_interests'; p.purposes.advertising.legitimate_interest = { en: 'Ads', fr: 'Publicité' }; } },
  { rule: 'cookie-locked-consent-purpose', severity: 'error', path: 'cookies.categories.necessary.purposes[2]', basis: /Art\. 4\(11\)/, mutate: (p) => { p.cookies.categories.necessary.purposes.push('audience_measurement'); } },
  { rule: 'website-insecure-origin', severity: 'warning', path: 'websites.www.origins[1]', basis: /Art\. 32/, mutate: (p) => { p.websites.www.origins[1] = 'http://ksaar.com'; } },
  { rule: 'text-missing-locale', severity: 'error', path: 'cookies.services.intercom.description', basis: /Art\. 12\(1\)/, message: /missing in fr/, mutate: (p) => { delete p.cookies.services.intercom.description!.fr; } },
  { rule: 'text-missing-locale', severity: 'error', path: 'security.measures[3].text', basis: /Art\. 12\(1\)/, mutate: (p) => { delete p.security.measures[3].text.en; } },
  { rule: 'text-undeclared-locale', severity: 'warning', path: 'subjects.user.label', basis: /Art\. 12\(1\)/, message: /\bde\b/, mutate: (p) => { p.subjects.user.label.de = 'Nutzer'; } },
];

describe('checkPolicy', () => {
  test('the example policy is clean: no error, no warning', () => {
    assert.deepEqual(checkPolicy(base), []);
  });

  for (const c of cases) {
    test(`${c.rule} (${c.path})`, () => {
      const findings = checkPolicy(variant(c.mutate));
      const hit = findings.find((f) => f.rule === c.rule && f.path === c.path);
      assert.ok(hit, `expected ${c.rule} at ${c.path}, got ${JSON.stringify(findings, null, 1)}`);
      assert.equal(hit.severity, c.severity);
      assert.match(hit.basis, c.basis);
      if (c.message) assert.match(hit.message, c.message);
      // The mutation triggers its own rule and nothing unrelated.
      assert.deepEqual([...new Set(findings.map((f) => f.rule))], [c.rule]);
    });
  }

  test('near misses are not findings', () => {
    const clean = (mutate: (p: Policy) => void, what: string) => assert.deepEqual(checkPolicy(variant(mutate)), [], what);
    clean((p) => { p.controller.role = 'processor'; p.controller.determines_purposes_and_means = false; }, 'a processor that does not decide purposes');
    clean((p) => { p.controller.dpo = { email: 'dpo@example.com' }; }, 'a DPO reachable by e-mail only');
    clean((p) => { p.controller.authority = { name: 'CNIL', url: 'https://www.cnil.fr' }; }, 'an authority with a website only');
    clean((p) => { p.recipients.processors.hosting.country = 'JP'; p.recipients.processors.hosting.transfer = { mechanism: 'adequacy' }; }, 'Japan under adequacy');
    clean((p) => { p.recipients.processors.statistics.transfer = { mechanism: 'sccs' }; }, 'a US recipient under SCCs');
    clean((p) => { delete p.recipients.processors.hosting.transfer; }, 'a French processor needs no mechanism');
    clean((p) => { p.cookies.services.language.cookies[0].lifetime = 'P13M'; }, 'exactly 13 months');
    clean((p) => { p.cookies.services.language.cookies[0].lifetime = 'P395D'; }, '395 days is within 13 months');
    clean((p) => { p.cookies.consent.reask_after = 'P13M'; }, 're-ask at the consent lifetime');
    clean((p) => { p.rights.deadline = 'P30D'; p.rights.extension = 'P2M'; }, '30 days and two months');
    clean((p) => { p.websites.www.origins[1] = 'http://localhost:8080'; }, 'plain HTTP on localhost');
  });

  test('errors come before warnings, each with a basis', () => {
    const findings = checkPolicy(variant((p) => { p.rights.deadline = 'P2M'; delete p.cookies.tool; p.controller.role = 'processor'; }));
    assert.deepEqual(findings.map((f) => f.severity), ['error', 'error', 'warning']);
    for (const f of findings) assert.ok(f.basis.length > 0 && f.message.length > 0 && f.path.length > 0);
  });
});

describe('the published Ksaar text', () => {
  const findings: Finding[] = checkPolicy(example('ksaar-as-published'));
  const at = (rule: string) => findings.filter((f) => f.rule === rule).map((f) => `${f.severity} ${f.path}`);

  test('reports each defect of the text', () => {
    assert.deepEqual(at('purposes-missing'), ['error purposes']);
    assert.deepEqual(at('transfer-privacy-shield'), [
      'error recipients.processors.messaging.transfer.mechanism',
      'error recipients.processors.statistics.transfer.mechanism',
    ]);
    assert.deepEqual(at('authority-address-missing'), ['error controller.authority']);
    assert.deepEqual(at('controller-role-contradiction'), ['error controller.role']);
    assert.deepEqual(at('dpo-contact-missing'), ['error controller.dpo']);
    assert.deepEqual(at('cookie-tool-missing'), ['warning cookies.tool']);
    assert.deepEqual(at('text-missing-locale'), ['error categories.web.examples[1]']);
  });

  test('and nothing it does not have', () => {
    const expected = new Set([
      'purposes-missing',
      'transfer-privacy-shield',
      'authority-address-missing',
      'controller-role-contradiction',
      'dpo-contact-missing',
      'cookie-tool-missing',
      'text-missing-locale',
      'retention-extension-purpose-missing',
    ]);
    assert.deepEqual(findings.filter((f) => !expected.has(f.rule)), []);
  });
});
