// SQL of the consent module: the ledger (partitioned by month), its rollups, the banner archive.
import type pg from 'pg';
import type { Db, Queryable } from '../store/db.ts';
import type { ConsentRecord } from './event.ts';

export interface PendingRecord extends ConsentRecord {
  receivedAt: Date;
}

const recordColumns = `event_id uuid, received_at timestamptz, consent_id uuid, property text, action text, choices jsonb,
  services jsonb, policy_version integer, banner_hash text, locale text, gpc boolean, ip_prefix text, browser text`;

/**
 * One statement per batch: claims the event ids (a replayed id is skipped), inserts the new events into
 * the ledger and adds them to the daily rollups, all atomically. Returns the event ids actually stored.
 * Rollup rows are upserted in key order so concurrent batches lock them in the same order (no deadlock).
 */
const insertBatchSql = `
with input as (
  select * from jsonb_to_recordset($1::jsonb) as r(${recordColumns})
), fresh as (
  insert into consent_event_ids (event_id, received_at)
  select event_id, received_at from input
  on conflict (event_id) do nothing
  returning event_id
), stored as (
  insert into consent_events (event_id, received_at, consent_id, property, action, choices, services, policy_version,
    banner_hash, locale, gpc, ip_prefix, browser)
  select i.event_id, i.received_at, i.consent_id, i.property, i.action, i.choices, i.services, i.policy_version,
    i.banner_hash, i.locale, i.gpc, i.ip_prefix, i.browser
  from input i join fresh f on f.event_id = i.event_id
  returning event_id, received_at, property, action, choices
), by_action as (
  insert into consent_daily_actions (day, property, action, slot, count)
  select (received_at at time zone $2)::date, property, action, $3::smallint, count(*) from stored group by 1, 2, 3 order by 1, 2, 3
  on conflict (day, property, action, slot) do update set count = consent_daily_actions.count + excluded.count
), by_choice as (
  insert into consent_daily_choices (day, property, category, granted, slot, count)
  select (s.received_at at time zone $2)::date, s.property, c.key, c.value::boolean, $3::smallint, count(*)
  from stored s cross join lateral jsonb_each_text(s.choices) c group by 1, 2, 3, 4 order by 1, 2, 3, 4
  on conflict (day, property, category, granted, slot) do update set count = consent_daily_choices.count + excluded.count
)
select event_id from stored`;

/** Rollup stripes: a batch writes its counts to one slot, so concurrent batches never share a counter row. */
export const ROLLUP_SLOTS = 16;

export async function insertBatch(db: Queryable, records: PendingRecord[], timeZone: string, slot = 0): Promise<Set<string>> {
  const payload = records.map((r) => ({
    event_id: r.eventId,
    received_at: r.receivedAt.toISOString(),
    consent_id: r.consentId,
    property: r.property,
    action: r.action,
    choices: r.choices,
    services: r.services,
    policy_version: r.policyVersion,
    banner_hash: r.bannerHash,
    locale: r.locale,
    gpc: r.gpc,
    ip_prefix: r.ipPrefix,
    browser: r.browser,
  }));
  const params = [JSON.stringify(payload), timeZone, slot % ROLLUP_SLOTS];
  // On PostgreSQL the statement is prepared once per connection (no parse and plan per batch).
  const pool = (db as Partial<Db>).kind === 'postgres' ? ((db as Db).raw as pg.Pool) : undefined;
  const rows = pool
    ? (await pool.query<{ event_id: string }>({ name: 'consent_insert_batch', text: insertBatchSql, values: params })).rows
    : await db.query<{ event_id: string }>(insertBatchSql, params);
  return new Set(rows.map((r) => r.event_id));
}

export async function ensurePartitions(db: Queryable, from: Date, months: number): Promise<number> {
  const [row] = await db.query<{ made: number }>('select consent_ensure_partitions($1, $2) as made', [from.toISOString(), months]);
  return row.made;
}

export interface EventRow {
  event_id: string;
  received_at: Date;
  consent_id: string;
  property: string;
  action: string;
  choices: Record<string, boolean>;
  services: Record<string, boolean> | null;
  policy_version: number;
  banner_hash: string;
  locale: string;
  gpc: boolean;
  ip_prefix: string | null;
  browser: string;
}

const eventColumns = `event_id, received_at, consent_id, property, action, choices, services, policy_version, banner_hash,
  locale, gpc, ip_prefix, browser`;

export async function eventsOfConsent(db: Queryable, consentId: string): Promise<Array<EventRow & { banner: unknown }>> {
  return db.query(
    `select ${eventColumns.replace(/(\w+)/g, 'e.$1')}, b.config as banner
     from consent_events e left join banner_versions b on b.hash = e.banner_hash
     where e.consent_id = $1 order by e.received_at, e.event_id`,
    [consentId],
  );
}

/** One page of the ledger in [from, to), after the cursor (keyset pagination: constant cost per page). */
export async function eventsPage(
  db: Queryable,
  range: { from: Date; to: Date },
  after: { at: Date; id: string } | undefined,
  limit: number,
): Promise<EventRow[]> {
  return db.query(
    `select ${eventColumns} from consent_events
     where received_at >= $1 and received_at < $2 and (received_at, event_id) > ($3::timestamptz, $4::uuid)
     order by received_at, event_id limit $5`,
    [
      range.from.toISOString(),
      range.to.toISOString(),
      (after?.at ?? new Date(0)).toISOString(),
      after?.id ?? '00000000-0000-0000-0000-000000000000',
      limit,
    ],
  );
}

export async function dailyActions(db: Queryable, from: string, to: string, property?: string) {
  return db.query<{ day: string; property: string; action: string; count: number }>(
    `select to_char(day, 'YYYY-MM-DD') as day, property, action, sum(count)::bigint as count from consent_daily_actions
     where day >= $1::date and day <= $2::date and ($3::text is null or property = $3)
     group by day, property, action order by day, property, action`,
    [from, to, property ?? null],
  );
}

export async function dailyChoices(db: Queryable, from: string, to: string, property?: string) {
  return db.query<{ day: string; property: string; category: string; granted: boolean; count: number }>(
    `select to_char(day, 'YYYY-MM-DD') as day, property, category, granted, sum(count)::bigint as count from consent_daily_choices
     where day >= $1::date and day <= $2::date and ($3::text is null or property = $3)
     group by day, property, category, granted order by day, property, category, granted`,
    [from, to, property ?? null],
  );
}

export async function archiveBannerVersion(
  db: Queryable,
  v: { hash: string; property: string; locale: string; policyVersion: number; config: unknown },
): Promise<void> {
  await db.query(
    `insert into banner_versions (hash, property, locale, policy_version, config) values ($1, $2, $3, $4, $5::jsonb)
     on conflict (hash) do nothing`,
    [v.hash, v.property, v.locale, v.policyVersion, JSON.stringify(v.config)],
  );
}

export async function listBannerVersions(db: Queryable) {
  return db.query<{ hash: string; property: string; locale: string; policy_version: number; first_served: Date }>(
    `select hash, property, locale, policy_version, first_served from banner_versions order by first_served desc, hash`,
  );
}

export async function getBannerVersion(db: Queryable, hash: string) {
  const [row] = await db.query<{ hash: string; property: string; locale: string; policy_version: number; first_served: Date; config: unknown }>(
    `select hash, property, locale, policy_version, first_served, config from banner_versions where hash = $1`,
    [hash],
  );
  return row;
}

/** The ledger's monthly partitions, oldest first. */
export async function listPartitions(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
     join pg_class p on p.oid = i.inhparent where p.relname = 'consent_events' order by c.relname`,
  );
  return rows.map((r) => r.name);
}

export async function dropPartition(db: Queryable, name: string): Promise<number> {
  if (!/^consent_events_y\d{4}m\d{2}$/.test(name)) throw new Error(`not a ledger partition: ${name}`);
  const [{ n }] = await db.query<{ n: number }>(`select count(*)::int as n from ${name}`);
  await db.query(`drop table ${name}`);
  return n;
}

export async function deleteEventsBefore(db: Queryable, cutoff: Date): Promise<number> {
  const rows = await db.query(`delete from consent_events where received_at < $1 returning 1`, [cutoff.toISOString()]);
  return rows.length;
}

export async function deleteEventIdsBefore(db: Queryable, cutoff: Date): Promise<number> {
  const rows = await db.query(`delete from consent_event_ids where received_at < $1 returning 1`, [cutoff.toISOString()]);
  return rows.length;
}

export async function countEvents(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from consent_events');
  return row.n;
}
