// The register of processing activities (GDPR Art. 30(1)), generated from the policy so that it can
// never drift from it: one row per purpose, with the columns of the CNIL template (standards.md §7),
// plus the legal basis (Art. 5(2) accountability). CSV for Excel, JSON for tools, HTML for reading.
import type { Policy } from './model.ts';
import { type Ctx, context, EEA } from './render/common.ts';
import type { Doc } from './render/doc.ts';
import { writeHtml } from './render/html.ts';
import { countryName, labels, type RegisterColumnId, registerColumnIds, type RenderLocale } from './render/labels.ts';
import { retentionCells } from './render/privacy.ts';

export type { RegisterColumnId };

export interface RegisterColumn {
  id: RegisterColumnId;
  label: Record<RenderLocale, string>;
}

/** The register's columns, in order, with their label in each locale. */
export const registerColumns: RegisterColumn[] = registerColumnIds.map((id) => ({
  id,
  label: { en: labels.en.register.columns[id], fr: labels.fr.register.columns[id] },
}));

export interface RegisterRow {
  /** The purpose's id in the policy. */
  id: string;
  locale: RenderLocale;
  /** Every column, each a list of values (one value for most; CSV joins lists with "; "). */
  cells: Record<RegisterColumnId, string[]>;
}

const meets = (a: string[], b: string[]) => a.some((x) => b.includes(x));

export function buildRegister(policy: Policy, locale: RenderLocale): RegisterRow[] {
  const c = context(policy, locale);
  return Object.entries(policy.purposes).map(([id, purpose]) => ({ id, locale, cells: row(c, id, purpose) }));
}

function row(c: Ctx, id: string, purpose: Policy['purposes'][string]): Record<RegisterColumnId, string[]> {
  const { policy, L } = c;
  const R = L.register;
  const cats = purpose.categories;
  const ctl = policy.controller;
  // Who receives this purpose's data: those cleared for the purpose, or, when a recipient names no
  // purpose, those cleared for one of its categories.
  const concerned = (r: { purposes?: string[]; categories: string[] }) =>
    r.purposes && r.purposes.length > 0 ? r.purposes.includes(id) : r.categories.length === 0 || meets(r.categories, cats);
  const processors = Object.values(policy.recipients.processors).filter(concerned);
  const outside = processors.filter((x) => !EEA.has(x.country) || (x.transfer && x.transfer.mechanism !== 'eea'));

  const retention: string[] = [];
  for (const rule of policy.retention) {
    if (!meets(rule.categories, cats)) continue;
    if (rule.subjects.length > 0 && purpose.subjects.length > 0 && !meets(rule.subjects, purpose.subjects)) continue;
    const x = retentionCells(c, rule);
    const label = `${c.tx(rule.label)} (${x.categories.join(', ')})`;
    retention.push(R.retentionLine(label, x.duration, x.clock, x.then));
    for (const e of x.extensions) retention.push(`${c.tx(rule.label)} — ${e.join('')}`);
  }
  for (const cat of cats) {
    const held = policy.categories[cat]?.held_by;
    if (held) retention.push(L.privacy.retention.heldBy(c.category(cat), c.processor(held)));
  }

  const special = cats.filter((x) => policy.categories[x]?.special);
  const basis = [purpose.legal_basis ? L.legalBasis[purpose.legal_basis] : ''];
  if (purpose.legitimate_interest) basis.push(`${L.privacy.purposes.interest}${L.colon}${c.tx(purpose.legitimate_interest)}`);

  return {
    purpose: [purpose.description ? `${c.tx(purpose.label)}. ${c.tx(purpose.description)}` : c.tx(purpose.label)],
    legal_basis: basis.filter(Boolean),
    subjects: purpose.subjects.map(c.subject),
    categories: cats.map((x) => {
      const examples = policy.categories[x]?.examples.map(c.tx) ?? [];
      return examples.length > 0 ? `${c.category(x)} (${examples.join(', ')})` : c.category(x);
    }),
    sensitive_data: [special.length > 0 ? R.sensitiveYes(special.map(c.category).join(', ')) : R.sensitiveNo],
    recipients_internal: Object.values(policy.recipients.internal)
      .filter(concerned)
      .map((r) => c.tx(r.label)),
    recipients_processors: processors.map((x) => `${x.name}${L.colon}${c.tx(x.service)} (${countryName(x.country, c.locale)})`),
    recipients_others: Object.values(policy.recipients.others)
      .filter(concerned)
      .map((r) => c.tx(r.label)),
    transfers:
      outside.length > 0
        ? outside.map((x) => `${x.name} (${countryName(x.country, c.locale)})${L.colon}${x.transfer ? L.mechanism[x.transfer.mechanism] : L.none}`)
        : [R.noTransfer],
    retention,
    security_measures: policy.security.measures.map((m) => `${m.kind === 'technical' ? R.technical : R.organisational}${L.colon}${c.tx(m.text)}`),
    controller: [ctl.name, ctl.address, ctl.contact?.email, ctl.contact?.url].filter((x): x is string => Boolean(x)),
    dpo: [ctl.dpo?.name, ctl.dpo?.email, ctl.dpo?.url, ctl.dpo?.address].filter((x): x is string => Boolean(x)),
  };
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** RFC 4180: header row, CRLF line ends, fields quoted when needed, lists joined by "; ", UTF-8 BOM for Excel. */
export function registerToCsv(rows: RegisterRow[], locale: RenderLocale = rows[0]?.locale ?? 'en'): string {
  const lines = [registerColumns.map((col) => csvCell(col.label[locale]))];
  for (const r of rows) lines.push(registerColumns.map((col) => csvCell(r.cells[col.id].join('; '))));
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

export function registerToJson(rows: RegisterRow[], locale: RenderLocale = rows[0]?.locale ?? 'en'): string {
  const doc = {
    columns: registerColumns.map((col) => ({ id: col.id, label: col.label[locale] })),
    rows: rows.map((r) => ({ id: r.id, ...r.cells })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function registerToHtml(rows: RegisterRow[], locale: RenderLocale = rows[0]?.locale ?? 'en', org = rows[0]?.cells.controller[0] ?? ''): string {
  const L = labels[locale];
  const doc: Doc = {
    lang: locale,
    title: L.register.title,
    org,
    subtitle: L.register.subtitle,
    intro: [],
    sections: [
      {
        id: 'register',
        title: L.register.caption,
        blocks: [
          {
            kind: 'table',
            caption: L.register.caption,
            headers: registerColumns.map((col) => col.label[locale]),
            rows: rows.map((r) => registerColumns.map((col) => ({ list: r.cells[col.id].map((v) => [v]) }))),
          },
        ],
      },
    ],
    footer: [],
    ui: { contents: L.contents, skip: L.skip },
    className: 'register',
    numbered: false,
  };
  return writeHtml(doc);
}
