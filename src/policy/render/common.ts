// Helpers shared by the privacy policy, the cookie charter and the register.
import { formatDuration } from '../duration.ts';
import { type Policy, type Text, type TransferMechanism, t } from '../model.ts';
import type { Inline } from './doc.ts';
import { formatDate, type Labels, labels, type RenderLocale } from './labels.ts';

export type Format = 'html' | 'md';
export const formats = ['html', 'md'] as const;

export interface PublishedVersion {
  id: number;
  /** ISO date, YYYY-MM-DD. */
  effective: string;
  hash: string;
}

export interface RenderOptions {
  locale: RenderLocale;
  format: Format;
  version?: PublishedVersion;
}

/** Everything a builder needs: the policy, the locale's fixed texts and short-hands. */
export interface Ctx {
  policy: Policy;
  locale: RenderLocale;
  L: Labels;
  org: string;
  tx: (text: Text | undefined) => string;
  dur: (iso: string) => string;
  date: (iso: string) => string;
  subject: (id: string) => string;
  category: (id: string) => string;
  purpose: (id: string) => string;
  internal: (id: string) => string;
  processor: (id: string) => string;
}

export function context(policy: Policy, locale: RenderLocale): Ctx {
  const fallback = policy.locales[0];
  const tx = (text: Text | undefined) => t(text, locale, fallback);
  const name = <T extends { label: Text }>(rec: Record<string, T>) => (id: string) => (rec[id] ? tx(rec[id].label) : id);
  return {
    policy,
    locale,
    L: labels[locale],
    org: policy.controller.name,
    tx,
    dur: (iso) => formatDuration(iso, locale),
    date: (iso) => formatDate(iso, locale),
    subject: name(policy.subjects),
    category: name(policy.categories),
    purpose: name(policy.purposes),
    internal: name(policy.recipients.internal),
    processor: (id) => policy.recipients.processors[id]?.name ?? id,
  };
}

/** A contact as inlines: e-mail and web address become links. */
export function contactLines(
  c: { name?: string; email?: string; url?: string; address?: string } | undefined,
  words: { name: string; email: string; url: string; address: string },
  colon: string,
): Inline[][] {
  if (!c) return [];
  const lines: Inline[][] = [];
  if (c.name) lines.push([`${words.name}${colon}`, c.name]);
  if (c.email) lines.push([`${words.email}${colon}`, { href: `mailto:${c.email}`, text: c.email }]);
  if (c.url) lines.push([`${words.url}${colon}`, { href: c.url, text: c.url }]);
  if (c.address) lines.push([`${words.address}${colon}`, c.address]);
  return lines;
}

/** The EEA (EU 27 + Iceland, Liechtenstein, Norway): transfers elsewhere need a Chapter V mechanism. */
export const EEA = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO'.split(' '),
);

/** Processors whose data leaves the EEA (by country, or by a declared mechanism other than "eea"). */
export function transfers(policy: Policy): { id: string; name: string; country: string; mechanism?: TransferMechanism }[] {
  return Object.entries(policy.recipients.processors)
    .filter(([, p]) => !EEA.has(p.country) || (p.transfer && p.transfer.mechanism !== 'eea'))
    .map(([id, p]) => ({ id, name: p.name, country: p.country, mechanism: p.transfer?.mechanism }));
}

export { formatDate };
