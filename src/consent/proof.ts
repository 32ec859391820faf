// Proof and statistics: a consent id's history, streamed exports (CSV, JSON Lines), daily rates.
import { AppError } from '../errors.ts';
import type { Queryable } from '../store/db.ts';
import { ConsentErrors } from './errors.ts';
import * as q from './queries.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toEvent(r: q.EventRow) {
  return {
    eventId: r.event_id,
    receivedAt: new Date(r.received_at).toISOString(),
    consentId: r.consent_id,
    property: r.property,
    action: r.action,
    choices: r.choices,
    services: r.services,
    policyVersion: r.policy_version,
    bannerHash: r.banner_hash,
    locale: r.locale,
    gpc: r.gpc,
    ipPrefix: r.ip_prefix,
    browser: r.browser,
  };
}

export async function consentHistory(db: Queryable, consentId: string) {
  if (!UUID.test(consentId)) throw new AppError(ConsentErrors.NOT_FOUND, 'a consent id is a UUID', 404);
  const rows = await q.eventsOfConsent(db, consentId.toLowerCase());
  if (rows.length === 0) throw new AppError(ConsentErrors.NOT_FOUND, 'no consent event with this id', 404);
  return { consentId: consentId.toLowerCase(), events: rows.map((r) => ({ ...toEvent(r), banner: r.banner ?? null })) };
}

/** A date range: `from` and `to` are dates (YYYY-MM-DD, `to` included) or ISO instants (`to` excluded). */
export function parseRange(from: string | undefined, to: string | undefined, now = new Date()): { from: Date; to: Date } {
  const parse = (s: string, end: boolean) => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
      const d = new Date(`${s}T00:00:00Z`);
      if (end) d.setUTCDate(d.getUTCDate() + 1);
      return d;
    }
    return new Date(s);
  };
  const range = { from: from ? parse(from, false) : new Date(0), to: to ? parse(to, true) : new Date(now.getTime() + 1) };
  if (Number.isNaN(range.from.getTime()) || Number.isNaN(range.to.getTime()) || range.from > range.to) {
    throw new AppError(ConsentErrors.BAD_RANGE, 'from and to are dates (YYYY-MM-DD) or ISO instants, from before to', 400);
  }
  return range;
}

export const exportFormats = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export function checkFormat(format: string | undefined): ExportFormat {
  const f = format ?? 'jsonl';
  if (!(exportFormats as readonly string[]).includes(f)) {
    throw new AppError(ConsentErrors.BAD_FORMAT, `format is csv or jsonl, not "${f}"`, 400);
  }
  return f as ExportFormat;
}

const csvColumns = [
  'eventId',
  'receivedAt',
  'consentId',
  'property',
  'action',
  'choices',
  'services',
  'policyVersion',
  'bannerHash',
  'locale',
  'gpc',
  'ipPrefix',
  'browser',
] as const;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The ledger in a range as lines of CSV or JSON Lines, read page by page (constant memory). */
export async function* exportLines(db: Queryable, range: { from: Date; to: Date }, format: ExportFormat, pageSize = 1000): AsyncGenerator<string> {
  if (format === 'csv') yield `${csvColumns.join(',')}\n`;
  let after: { at: Date; id: string } | undefined;
  for (;;) {
    const rows = await q.eventsPage(db, range, after, pageSize);
    let chunk = '';
    for (const row of rows) {
      const e = toEvent(row);
      chunk += format === 'csv' ? `${csvColumns.map((c) => csvCell(e[c])).join(',')}\n` : `${JSON.stringify(e)}\n`;
    }
    if (chunk) yield chunk;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    after = { at: new Date(last.received_at), id: last.event_id };
  }
}

export interface DayStats {
  day: string;
  property: string;
  total: number;
  actions: Record<string, number>;
  categories: Record<string, { granted: number; refused: number; rate: number }>;
}

/** Daily counts and acceptance rates per property and category, read from the rollups only. */
export async function consentStats(db: Queryable, from: string | undefined, to: string | undefined, property?: string) {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
  const f = from ?? '1970-01-01';
  const t = to ?? '9999-12-31';
  if (!dateOnly.test(f) || !dateOnly.test(t) || f > t) {
    throw new AppError(ConsentErrors.BAD_RANGE, 'from and to are dates (YYYY-MM-DD), from not after to', 400);
  }
  const days = new Map<string, DayStats>();
  const at = (day: string, prop: string) => {
    const key = `${day} ${prop}`;
    let d = days.get(key);
    if (!d) {
      d = { day, property: prop, total: 0, actions: {}, categories: {} };
      days.set(key, d);
    }
    return d;
  };
  for (const r of await q.dailyActions(db, f, t, property)) {
    const d = at(r.day, r.property);
    d.actions[r.action] = r.count;
    d.total += r.count;
  }
  for (const r of await q.dailyChoices(db, f, t, property)) {
    const cats = at(r.day, r.property).categories;
    cats[r.category] ??= { granted: 0, refused: 0, rate: 0 };
    const c = cats[r.category];
    if (r.granted) c.granted += r.count;
    else c.refused += r.count;
  }
  for (const d of days.values()) {
    for (const c of Object.values(d.categories)) c.rate = c.granted + c.refused > 0 ? c.granted / (c.granted + c.refused) : 0;
  }
  return { from: f, to: t, property: property ?? null, days: [...days.values()].sort((a, b) => (a.day + a.property < b.day + b.property ? -1 : 1)) };
}
