// The policy checker: legal judgement on a policy that already loads (structure and references are
// the loader's business). Pure: a policy in, findings out, each naming the rule of law it rests on.
// Rule ids are stable: tools and tests match on them. docs/policy.md lists every rule.
import { longerThan } from './duration.ts';
import { formatPath } from './load.ts';
import type { Policy } from './model.ts';

export type Severity = 'error' | 'warning';

export interface Finding {
  /** Stable id, e.g. "purposes-missing". */
  rule: string;
  severity: Severity;
  /** Where in the document, e.g. "recipients.processors.messaging.transfer.mechanism". */
  path: string;
  message: string;
  /** The GDPR article or authority rule, e.g. "GDPR Art. 13(1)(c)". */
  basis: string;
}

/** EU member states plus Iceland, Liechtenstein and Norway (ISO 3166-1 alpha-2; Greece is GR). */
export const EEA = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO',
  'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO',
]);

/**
 * Countries with an EU adequacy decision (Art. 45) as of early 2026, the United States excepted: there
 * the decision (2023/1795, the Data Privacy Framework) covers only certified organisations — mechanism `dpf`.
 */
export const ADEQUATE = new Set(['AD', 'AR', 'BR', 'CA', 'FO', 'GG', 'IM', 'IL', 'JP', 'JE', 'NZ', 'KR', 'CH', 'GB', 'UY']);

const COOKIE_MAX = 'P13M';
const REASK_GOOD_PRACTICE = 'P6M';
const LOCALE = /^[a-z]{2}(-[A-Z]{2})?$/; // as localeSchema in model.ts

const B = {
  purposes: 'GDPR Art. 13(1)(c)',
  legitimateInterest: 'GDPR Art. 13(1)(d)',
  retention: 'GDPR Art. 13(2)(a)',
  storageLimitation: 'GDPR Art. 5(1)(e)',
  transfer: 'GDPR Art. 44–46',
  privacyShield: 'CJEU C-311/18 (Schrems II), 16 July 2020',
  dpf: 'Commission Implementing Decision (EU) 2023/1795 (EU-US Data Privacy Framework)',
  adequacy: 'GDPR Art. 45',
  derogation: 'GDPR Art. 49; EDPB Guidelines 2/2018',
  role: 'GDPR Art. 4(7)',
  dpo: 'GDPR Art. 13(1)(b), 37(7)',
  authority: 'GDPR Art. 13(2)(d)',
  cookieLifetime: 'CNIL guidelines 2020-091 and recommendation 2020-092 (13 months)',
  reask: 'CNIL recommendation 2020-092',
  ePrivacy: 'ePrivacy Directive Art. 5(3); CNIL guidelines 2020-091',
  freeConsent: 'GDPR Art. 4(11), 7(4)',
  cookieTool: 'GDPR Art. 13(1)(e); CNIL guidelines 2020-091',
  deadline: 'GDPR Art. 12(3)',
  locale: 'GDPR Art. 12(1)',
  minimisation: 'GDPR Art. 5(1)(c), 25(2)',
  record: 'GDPR Art. 30(1)',
  processor: 'GDPR Art. 28(3)(a)',
  security: 'GDPR Art. 32(1)',
} as const;

export function checkPolicy(p: Policy): Finding[] {
  const out: Finding[] = [];
  const add = (severity: Severity, rule: string, path: (string | number)[], message: string, basis: string) =>
    out.push({ rule, severity, path: formatPath(path), message, basis });
  const purposes = Object.entries(p.purposes);
  const hasPurposes = purposes.length > 0;

  // Controller, DPO, authority.
  const c = p.controller;
  if (c.role === 'processor' && c.determines_purposes_and_means) {
    add(
      'error',
      'controller-role-contradiction',
      ['controller', 'role'],
      'the company determines the purposes and means of the processing, which makes it a controller, yet it calls itself a processor',
      B.role,
    );
  }
  if (!c.dpo) {
    add('error', 'dpo-contact-missing', ['controller'], 'no data protection officer: give the DPO and how to reach them', B.dpo);
  } else if (!c.dpo.email && !c.dpo.url && !c.dpo.address) {
    add('error', 'dpo-contact-missing', ['controller', 'dpo'], "the DPO's contact details are missing: give an e-mail, a URL or a postal address", B.dpo);
  }
  if (!c.authority) {
    add('error', 'authority-address-missing', ['controller'], 'no supervisory authority: name it with its address or website (the CNIL in France)', B.authority);
  } else if (!c.authority.address && !c.authority.url) {
    add('error', 'authority-address-missing', ['controller', 'authority'], 'the supervisory authority has neither a postal address nor a website', B.authority);
  }

  // Purposes.
  if (!hasPurposes) {
    add('error', 'purposes-missing', ['purposes'], 'no purposes: say why each category of data is processed, and on which legal basis', B.purposes);
  }
  for (const [id, pu] of purposes) {
    if (!pu.legal_basis) {
      add('error', 'purpose-legal-basis-missing', ['purposes', id], `purpose "${id}" has no legal basis (Art. 6(1))`, B.purposes);
    } else if (pu.legal_basis === 'legitimate_interests' && !pu.legitimate_interest) {
      add('warning', 'legitimate-interest-missing', ['purposes', id], `purpose "${id}" rests on legitimate interests but does not say which`, B.legitimateInterest);
    }
    if (pu.subjects.length === 0 || pu.categories.length === 0) {
      const what = pu.subjects.length === 0 ? 'subjects' : 'categories';
      add('warning', 'purpose-incomplete', ['purposes', id, what], `purpose "${id}" names no ${what}`, B.record);
    }
  }

  // Retention: every category the company holds and every subject has a rule.
  const retainedCategories = new Set(p.retention.flatMap((r) => r.categories));
  const retainedSubjects = new Set(p.retention.flatMap((r) => r.subjects));
  for (const [id, cat] of Object.entries(p.categories)) {
    if (cat.held_by || retainedCategories.has(id)) continue;
    add('error', 'retention-missing-category', ['categories', id], `no retention rule covers category "${id}"`, B.retention);
  }
  for (const id of Object.keys(p.subjects)) {
    if (retainedSubjects.has(id)) continue;
    add('error', 'retention-missing-subject', ['subjects', id], `no retention rule covers data subjects "${id}"`, B.retention);
  }
  p.retention.forEach((rule, i) => {
    rule.extensions.forEach((x, j) => {
      if (!x.purpose) {
        add(
          'warning',
          'retention-extension-purpose-missing',
          ['retention', i, 'extensions', j],
          `rule "${rule.id}" keeps data ${x.keep} longer without naming the purpose that needs it`,
          B.storageLimitation,
        );
      }
    });
  });

  // Recipients and transfers.
  for (const [id, pr] of Object.entries(p.recipients.processors)) {
    const path = ['recipients', 'processors', id];
    const mechanism = pr.transfer?.mechanism;
    const inEea = EEA.has(pr.country);
    const suggestion =
      pr.country === 'US'
        ? 'the EU-US Data Privacy Framework (dpf) if the recipient is certified, otherwise standard contractual clauses 2021/914 (sccs)'
        : ADEQUATE.has(pr.country)
          ? `the adequacy decision for ${pr.country} (adequacy)`
          : 'standard contractual clauses 2021/914 (sccs) or binding corporate rules (bcr)';
    if (mechanism === 'privacy_shield') {
      add(
        'error',
        'transfer-privacy-shield',
        [...path, 'transfer', 'mechanism'],
        `"${id}" relies on the EU-US Privacy Shield, invalid since 16 July 2020; use ${suggestion}`,
        B.privacyShield,
      );
    } else if (!inEea && (!mechanism || mechanism === 'eea')) {
      add(
        'error',
        'transfer-mechanism-missing',
        mechanism ? [...path, 'transfer', 'mechanism'] : path,
        `"${id}" is in ${pr.country}, outside the EEA, with no transfer mechanism; use ${suggestion}`,
        B.transfer,
      );
    } else if (mechanism === 'dpf' && pr.country !== 'US') {
      add('error', 'transfer-mechanism-invalid', [...path, 'transfer', 'mechanism'], `the Data Privacy Framework covers US recipients only, "${id}" is in ${pr.country}; use ${suggestion}`, B.dpf);
    } else if (mechanism === 'adequacy' && !inEea && !ADEQUATE.has(pr.country)) {
      const hint = pr.country === 'US' ? 'for the US, adequacy means the Data Privacy Framework: use dpf for a certified recipient' : `use ${suggestion}`;
      add('error', 'transfer-mechanism-invalid', [...path, 'transfer', 'mechanism'], `${pr.country} has no EU adequacy decision; ${hint}`, B.adequacy);
    } else if (mechanism === 'derogation' && !inEea) {
      add('warning', 'transfer-derogation', [...path, 'transfer', 'mechanism'], `"${id}" relies on an Art. 49 derogation, meant for occasional transfers only`, B.derogation);
    }
    if (hasPurposes && pr.purposes.length === 0) {
      add('warning', 'processor-purpose-missing', [...path, 'purposes'], `processor "${id}" is not limited to any purpose`, B.processor);
    }
  }

  if (hasPurposes) {
    // Who processes each purpose, and what each role sees.
    const cleared = new Set(Object.values(p.recipients.internal).flatMap((r) => r.purposes));
    for (const [id] of purposes) {
      if (!cleared.has(id)) add('warning', 'purpose-without-recipient', ['purposes', id], `no internal recipient is cleared for purpose "${id}"`, B.record);
    }
    for (const [id, r] of Object.entries(p.recipients.internal)) {
      const path = ['recipients', 'internal', id];
      if (r.purposes.length === 0) {
        add('warning', 'clearance-without-purpose', [...path, 'purposes'], `internal recipient "${id}" is cleared for no purpose`, B.minimisation);
        continue;
      }
      const needed = new Set(r.purposes.flatMap((pu) => p.purposes[pu]?.categories ?? []));
      r.categories.forEach((cat, i) => {
        if (p.categories[cat]?.held_by) {
          add('warning', 'clearance-held-category', [...path, 'categories', i], `"${id}" is cleared for "${cat}", which only processor "${p.categories[cat].held_by}" holds`, B.minimisation);
        } else if (!needed.has(cat)) {
          add('warning', 'clearance-beyond-purposes', [...path, 'categories', i], `"${id}" is cleared for "${cat}", which none of its purposes uses`, B.minimisation);
        }
      });
    }
    const used = { categories: new Set(purposes.flatMap(([, pu]) => pu.categories)), subjects: new Set(purposes.flatMap(([, pu]) => pu.subjects)) };
    for (const id of Object.keys(p.categories)) {
      if (!used.categories.has(id)) add('warning', 'category-unused', ['categories', id], `no purpose uses category "${id}"`, B.minimisation);
    }
    for (const id of Object.keys(p.subjects)) {
      if (!used.subjects.has(id)) add('warning', 'subject-unused', ['subjects', id], `no purpose concerns data subjects "${id}"`, B.record);
    }
  }

  // Rights.
  if (longerThan(p.rights.deadline, 'P1M')) {
    add('error', 'rights-deadline-too-long', ['rights', 'deadline'], `the answer deadline ${p.rights.deadline} exceeds one month from receipt`, B.deadline);
  }
  if (longerThan(p.rights.extension, 'P2M')) {
    add('error', 'rights-extension-too-long', ['rights', 'extension'], `the extension ${p.rights.extension} exceeds two further months`, B.deadline);
  }

  // Cookies.
  const ck = p.cookies;
  if (!ck.tool) add('warning', 'cookie-tool-missing', ['cookies', 'tool'], 'the consent management tool is not named', B.cookieTool);
  if (longerThan(ck.consent.lifetime, COOKIE_MAX)) {
    add('error', 'cookie-lifetime-too-long', ['cookies', 'consent', 'lifetime'], `consent is kept ${ck.consent.lifetime}, more than 13 months`, B.cookieLifetime);
  }
  if (longerThan(ck.consent.reask_after, ck.consent.lifetime)) {
    add(
      'error',
      'consent-reask-after-lifetime',
      ['cookies', 'consent', 'reask_after'],
      `the re-ask interval ${ck.consent.reask_after} is longer than the consent lifetime ${ck.consent.lifetime}`,
      B.reask,
    );
  } else if (longerThan(REASK_GOOD_PRACTICE, ck.consent.reask_after)) {
    add('warning', 'consent-reask-too-soon', ['cookies', 'consent', 'reask_after'], `asking again after ${ck.consent.reask_after} is sooner than the 6 months the CNIL recommends`, B.reask);
  }
  for (const [id, s] of Object.entries(ck.services)) {
    s.cookies.forEach((cookie, i) => {
      if (cookie.lifetime !== 'session' && longerThan(cookie.lifetime, COOKIE_MAX)) {
        add('error', 'cookie-lifetime-too-long', ['cookies', 'services', id, 'cookies', i, 'lifetime'], `cookie "${cookie.name}" lives ${cookie.lifetime}, more than 13 months`, B.cookieLifetime);
      }
    });
  }
  for (const [id, cat] of Object.entries(ck.categories)) {
    const path = ['cookies', 'categories', id];
    if (hasPurposes && !cat.locked && cat.purposes.length === 0) {
      add('warning', 'cookie-category-purpose-missing', [...path, 'purposes'], `cookie category "${id}" serves no declared purpose: visitors cannot tell what they consent to`, B.ePrivacy);
    }
    cat.purposes.forEach((pu, i) => {
      const basis = p.purposes[pu]?.legal_basis;
      if (!cat.locked && basis && basis !== 'consent') {
        add('error', 'cookie-purpose-not-consent', [...path, 'purposes', i], `cookie category "${id}" can be refused, yet serves purpose "${pu}", based on ${basis}, not consent`, B.ePrivacy);
      } else if (cat.locked && basis === 'consent') {
        add('error', 'cookie-locked-consent-purpose', [...path, 'purposes', i], `cookie category "${id}" cannot be refused, yet serves purpose "${pu}", based on consent`, B.freeConsent);
      }
    });
  }

  // Websites.
  for (const [id, w] of Object.entries(p.websites)) {
    w.origins.forEach((o, i) => {
      if (o.startsWith('http://') && !/^http:\/\/(localhost|127\.0\.0\.1)(:|\/|$)/.test(o)) {
        add('warning', 'website-insecure-origin', ['websites', id, 'origins', i], `origin ${o} is not HTTPS`, B.security);
      }
    });
  }

  // Texts: every text in every declared locale, anywhere in the document.
  const declared = new Set(p.locales);
  walkTexts(p, [], (text, path) => {
    const missing = p.locales.filter((l) => !text[l]);
    if (missing.length > 0) add('error', 'text-missing-locale', path, `text missing in ${missing.join(', ')}`, B.locale);
    const extra = Object.keys(text).filter((l) => !declared.has(l));
    if (extra.length > 0) add('warning', 'text-undeclared-locale', path, `text in undeclared locale ${extra.join(', ')} (locales: ${p.locales.join(', ')})`, B.locale);
  });

  return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** A text is a non-empty object whose keys are all locales and whose values are all strings. */
function isText(v: unknown): v is Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const entries = Object.entries(v);
  return entries.length > 0 && entries.every(([k, x]) => LOCALE.test(k) && typeof x === 'string');
}

function walkTexts(v: unknown, path: (string | number)[], visit: (text: Record<string, string>, path: (string | number)[]) => void): void {
  if (isText(v)) visit(v, path);
  else if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) walkTexts(x, [...path, i], visit);
  } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walkTexts(x, [...path, k], visit);
}

