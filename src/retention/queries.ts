// The retention engine's SQL, in named functions: on the company database (due rows, batches, progress,
// archive) and on Custodian's store (runs, holds). Identifiers come from a validated data map (plain
// lower-case identifiers, quoted); values are always parameters.
import type { ColumnInfo } from '../datamap/queries.ts';
import { descendants, qualified, type Child } from '../datamap/graph.ts';
import { clockSql, type DataMap, type MappedTable } from '../datamap/model.ts';
import type { Queryable } from '../store/db.ts';
import { type AddParam, anonymiseSql } from './anonymise.ts';
import type { Step } from './steps.ts';

export interface SqlContext {
  map: DataMap;
  types: Map<string, Map<string, ColumnInfo>>;
  pads: () => { ipad: Buffer; opad: Buffer };
  /** Subject identities under legal hold or with an open rights request. */
  held: string[];
}

export type Counts = Record<string, Record<string, number>>;

export function params(): { values: unknown[]; add: AddParam } {
  const values: unknown[] = [];
  return { values, add: (v) => { values.push(v); return `$${values.length}`; } };
}

function typeOf(ctx: SqlContext, table: string, column: string): string {
  return ctx.types.get(table)?.get(column)?.type ?? 'text';
}

const ARCHIVE = 'custodian_archive.records';

/** Creates the engine's own schemas in a company database (progress, archive), once. */
export async function ensureCompanySchema(db: Queryable, readers: string[]): Promise<void> {
  await db.query(`create schema if not exists custodian_retention`);
  await db.query(`create table if not exists custodian_retention.progress (
    run_id text not null, step text not null, last_clock timestamptz, last_key text,
    rows jsonb not null default '{}', batches integer not null default 0, done boolean not null default false,
    primary key (run_id, step))`);
  await db.query(`create schema if not exists custodian_archive`);
  await db.query(`create table if not exists ${ARCHIVE} (
    id bigint generated always as identity primary key, ext text not null, tbl text not null, key text not null,
    clock timestamptz, archived_at timestamptz not null default now(), data jsonb not null, unique (ext, tbl, key))`);
  await db.query(`create index if not exists records_expiry on ${ARCHIVE} (ext, clock, id)`);
  await db.query(`revoke all on schema custodian_archive from public`);
  // The archive is readable by the roles its extensions name (custodian_<role>), when they exist.
  for (const role of readers) {
    const name = `custodian_${role.replace(/[^a-z0-9_]/g, '_')}`;
    const exists = await db.query(`select 1 from pg_roles where rolname = $1`, [name]);
    if (exists.length > 0) {
      await db.query(`grant usage on schema custodian_archive to "${name}"`);
      await db.query(`grant select on ${ARCHIVE} to "${name}"`);
    }
  }
}

/** Rows excluded by a hold: the table's hold column, held identities, and the same on its parents. */
export function notHeldSql(ctx: SqlContext, t: MappedTable, alias: string, add: AddParam): string {
  const parts: string[] = [];
  let heldParam: string | undefined;
  const held = () => {
    heldParam ??= add(ctx.held);
    return heldParam;
  };
  const selfHeld = (table: MappedTable, a: string) => {
    const xs: string[] = [];
    if (table.hold) xs.push(`${a}."${table.hold}" is true`);
    if (ctx.held.length > 0) for (const c of table.identity) xs.push(`${a}."${c}"::text = any(${held()}::text[])`);
    return xs;
  };
  const own = selfHeld(t, alias);
  if (own.length > 0) parts.push(`not (${own.map((x) => `coalesce(${x}, false)`).join(' or ')})`);
  for (const ref of t.references) {
    const parent = ctx.map.tables.get(ref.table);
    if (!parent) continue;
    const theirs = selfHeld(parent, 'h');
    if (theirs.length > 0) {
      parts.push(`not exists (select 1 from ${qualified(parent)} h where h."${parent.key}" = ${alias}."${ref.column}" and (${theirs.join(' or ')}))`);
    }
  }
  return parts.length > 0 ? parts.join(' and ') : 'true';
}

function categorised(t: MappedTable, categories: string[]): string[] {
  return Object.entries(t.columns).filter(([, c]) => categories.includes(c)).map(([col]) => col);
}

/** SET list and pending test for anonymising the columns of `categories` in table `t` (alias). */
export function anonymiseParts(ctx: SqlContext, t: MappedTable, categories: string[], alias: string, add: AddParam) {
  const cols = categorised(t, categories);
  const parts = cols.map((col) => ({ col, ...anonymiseSql(t.anonymise[col] ?? 'null', `${alias}."${col}"`, typeOf(ctx, t.name, col), add, ctx.pads) }));
  return {
    cols,
    set: () => parts.map((p) => `"${p.col}" = ${p.value()}`).join(', '),
    pending: () => (parts.length > 0 ? `(${parts.map((p) => p.pending()).join(' or ')})` : 'false'),
  };
}

function rootPending(ctx: SqlContext, step: Step, root: MappedTable, add: AddParam): string {
  if (step.action === 'delete') return 'true';
  if (step.action === 'archive') {
    return `not exists (select 1 from ${ARCHIVE} a where a.ext = ${add(`${step.rule}:${step.purpose}`)} and a.tbl = '${root.name}' and a.key = t."${root.key}"::text)`;
  }
  const own = anonymiseParts(ctx, root, step.categories, 't', add);
  return own.cols.length > 0 ? own.pending() : 'true';
}

export interface Bounds {
  /** clock < bound: due. */
  bound: string;
  /** clock ≥ lower: for archive steps, rows whose archive has not already ended. */
  lower?: string;
}

/** The WHERE clause of due rows of a step's root (alias t), excluding holds unless `held` asks for them. */
export function dueSql(ctx: SqlContext, step: Step, b: Bounds, add: AddParam, held: 'exclude' | 'any' = 'exclude', batch = false): string {
  const root = ctx.map.tables.get(step.root)!;
  const clock = clockSql(step.clock, 't');
  const parts = [`${clock} < ${add(b.bound)}::timestamptz`];
  // Batches of an archive step walk every row of the window once (the copy skips what is already
  // archived, on conflict): filtering on the archive in the keyset query makes the planner sort or
  // loop over the whole archive per batch (measured: seconds to minutes per batch at 1 M subjects).
  if (!(batch && step.action === 'archive')) parts.push(rootPending(ctx, step, root, add));
  if (b.lower) parts.push(`${clock} >= ${add(b.lower)}::timestamptz`);
  if (held === 'exclude') parts.push(notHeldSql(ctx, root, 't', add));
  return parts.join(' and ');
}

/** Keys of the parent rows of a descendant, as a subquery from the root keys subquery. */
function parentKeys(ctx: SqlContext, all: Child[], child: Child, rootKeys: string): string {
  if (child.depth === 1) return rootKeys;
  const via = all.find((c) => c.table.name === child.parent && c.onDelete === 'delete');
  if (!via) return rootKeys;
  const p = via.table;
  return `select "${p.key}" from ${qualified(p)} where "${via.column}" in (${parentKeys(ctx, all, via, rootKeys)})`;
}

function rootDescendants(ctx: SqlContext, step: Step): Child[] {
  return descendants(ctx.map, step.root);
}

/** Plan: rows due now (and held) for a step, with the rows of tables below that go with them. */
export async function countDue(db: Queryable, ctx: SqlContext, step: Step, b: Bounds): Promise<{ due: number; held: number; below: Counts }> {
  const root = ctx.map.tables.get(step.root)!;
  if (step.action === 'expire') {
    const rows = await db.query<{ n: number }>(`select count(*)::int as n from ${ARCHIVE} where ext = $1 and clock < $2::timestamptz`, [`${step.rule}:${step.purpose}`, b.bound]);
    return { due: rows[0]?.n ?? 0, held: 0, below: {} };
  }
  // Fresh statistics on the archive, or the anti-join below is planned as a nested loop over it.
  if (step.action === 'archive') await db.query(`analyze ${ARCHIVE}`);
  const p = params();
  const due = dueSql(ctx, step, b, p.add);
  const p2 = params();
  // Held = due regardless of holds − due (an anti-join the planner runs well, unlike "not (not exists …)").
  const any = dueSql(ctx, step, b, p2.add, 'any');
  const [{ n }] = await db.query<{ n: number }>(`select count(*)::int as n from ${qualified(root)} t where ${due}`, p.values);
  const [{ n: all }] = await db.query<{ n: number }>(`select count(*)::int as n from ${qualified(root)} t where ${any}`, p2.values);
  const held = all - n;
  const below: Counts = {};
  if (step.action === 'delete' || step.action === 'anonymise') {
    const all = rootDescendants(ctx, step);
    for (const child of all) {
      const q = params();
      const rootKeys = `select t."${root.key}" from ${qualified(root)} t where ${dueSql(ctx, step, b, q.add)}`;
      const keys = parentKeys(ctx, all, child, rootKeys);
      const d = child.table;
      let sql: string;
      let action: string;
      if (step.action === 'delete') {
        action = child.onDelete === 'detach' ? 'detach' : 'delete';
        sql = `select count(*)::int as n from ${qualified(d)} d where d."${child.column}" in (${keys})`;
      } else {
        const a = anonymiseParts(ctx, d, step.categories, 'd', q.add);
        if (a.cols.length === 0 || child.onDelete === 'detach') continue;
        action = 'anonymise';
        sql = `select count(*)::int as n from ${qualified(d)} d where d."${child.column}" in (${keys}) and ${a.pending()}`;
      }
      const [{ n: rows }] = await db.query<{ n: number }>(sql, q.values);
      if (rows > 0) addCount(below, d.name, action, rows);
    }
  }
  return { due: n, held, below };
}

/** Plan: rows of a step's root falling due before each of `bounds` (cumulative counts). */
export async function countFallingDue(db: Queryable, ctx: SqlContext, step: Step, bounds: string[], lower?: string): Promise<number[]> {
  if (bounds.length === 0) return [];
  const root = ctx.map.tables.get(step.root)!;
  if (step.action === 'expire') {
    const cols = bounds.map((_, i) => `count(*) filter (where clock < $${i + 2}::timestamptz)::int as c${i}`).join(', ');
    const [row] = await db.query(`select ${cols} from ${ARCHIVE} where ext = $1`, [`${step.rule}:${step.purpose}`, ...bounds]);
    return bounds.map((_, i) => row[`c${i}`] as number);
  }
  const p = params();
  const due = dueSql(ctx, step, { bound: bounds[bounds.length - 1], lower }, p.add);
  const clock = clockSql(step.clock, 't');
  const cols = bounds.map((bd, i) => `count(*) filter (where ${clock} < ${p.add(bd)}::timestamptz)::int as c${i}`).join(', ');
  const [row] = await db.query(`select ${cols} from ${qualified(root)} t where ${due}`, p.values);
  return bounds.map((_, i) => row[`c${i}`] as number);
}

export interface Position {
  clock: string | null;
  key: string | null;
}

/** The next batch of due keys of a step, in (clock, key) order after `after`. */
export async function nextBatch(tx: Queryable, ctx: SqlContext, step: Step, b: Bounds, after: Position, limit: number): Promise<{ k: string; c: string }[]> {
  if (step.action === 'expire') {
    const rows = await tx.query<{ k: string; c: string }>(
      `select id::text as k, to_char(clock at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as c from ${ARCHIVE}
        where ext = $1 and clock < $2::timestamptz and ($3::timestamptz is null or (clock, id) > ($3::timestamptz, $4::bigint))
        order by clock, id limit $5`,
      [`${step.rule}:${step.purpose}`, b.bound, after.clock, after.key, limit],
    );
    return rows;
  }
  const root = ctx.map.tables.get(step.root)!;
  const keyType = typeOf(ctx, root.name, root.key);
  const p = params();
  const clock = clockSql(step.clock, 't');
  let where = dueSql(ctx, step, b, p.add, 'exclude', true);
  if (after.clock !== null) where += ` and (${clock}, t."${root.key}") > (${p.add(after.clock)}::timestamptz, ${p.add(after.key)}::text::${keyType})`;
  return tx.query<{ k: string; c: string }>(
    `select t."${root.key}"::text as k, to_char(${clock} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as c
       from ${qualified(root)} t where ${where} order by ${clock}, t."${root.key}" limit ${p.add(limit)}`,
    p.values,
  );
}

function addCount(counts: Counts, table: string, action: string, n: number) {
  counts[table] ??= {};
  counts[table][action] = (counts[table][action] ?? 0) + n;
}

async function affected(tx: Queryable, sql: string, values: unknown[]): Promise<number> {
  const rows = await tx.query<{ n: number }>(`with x as (${sql} returning 1) select count(*)::int as n from x`, values);
  return rows[0]?.n ?? 0;
}

/** Applies a step's action to a batch of root keys (children first); returns rows per table and action. */
export async function applyBatch(tx: Queryable, ctx: SqlContext, step: Step, keys: string[]): Promise<Counts> {
  const counts: Counts = {};
  if (keys.length === 0) return counts;
  if (step.action === 'expire') {
    addCount(counts, ARCHIVE, 'expire', await affected(tx, `delete from ${ARCHIVE} where id = any($1::bigint[])`, [keys]));
    return counts;
  }
  const root = ctx.map.tables.get(step.root)!;
  const keyType = typeOf(ctx, root.name, root.key);
  const rootKeys = `select unnest($1::text[]::${keyType}[])`;
  const all = rootDescendants(ctx, step);
  if (step.action === 'archive') {
    const ext = `${step.rule}:${step.purpose}`;
    const copy = async (t: MappedTable, from: string, clock: string, values: unknown[]) => {
      const cols = categorised(t, step.categories);
      const data = cols.length > 0 ? `jsonb_build_object(${cols.map((c) => `'${c}', d."${c}"`).join(', ')})` : `'{}'::jsonb`;
      return affected(tx, `insert into ${ARCHIVE} (ext, tbl, key, clock, data) select $2, '${t.name}', d."${t.key}"::text, ${clock}, ${data} ${from} on conflict do nothing`, values);
    };
    const clock = clockSql(step.clock, 'd');
    addCount(counts, root.name, 'archive', await copy(root, `from ${qualified(root)} d where d."${root.key}" in (${rootKeys})`, clock, [keys, ext]));
    // The tables right below the root are archived with the root's clock.
    for (const child of all.filter((c) => c.depth === 1 && c.onDelete === 'delete')) {
      if (categorised(child.table, step.categories).length === 0) continue;
      const n = await copy(
        child.table,
        `from ${qualified(child.table)} d join ${qualified(root)} r on r."${root.key}" = d."${child.column}" where r."${root.key}" in (${rootKeys})`,
        clockSql(step.clock, 'r'),
        [keys, ext],
      );
      if (n > 0) addCount(counts, child.table.name, 'archive', n);
    }
    return counts;
  }
  if (step.action === 'delete') {
    for (const child of all) {
      const keysSql = parentKeys(ctx, all, child, rootKeys);
      const d = child.table;
      const n =
        child.onDelete === 'detach'
          ? await affected(tx, `update ${qualified(d)} set "${child.column}" = null where "${child.column}" in (${keysSql})`, [keys])
          : await affected(tx, `delete from ${qualified(d)} where "${child.column}" in (${keysSql})`, [keys]);
      if (n > 0) addCount(counts, d.name, child.onDelete === 'detach' ? 'detach' : 'delete', n);
    }
    addCount(counts, root.name, 'delete', await affected(tx, `delete from ${qualified(root)} where "${root.key}" in (${rootKeys})`, [keys]));
    return counts;
  }
  // anonymise (final or reduce): the root's columns of the categories, and the same below it.
  for (const child of all) {
    if (child.onDelete === 'detach') continue;
    const q = params();
    q.add(keys);
    const a = anonymiseParts(ctx, child.table, step.categories, 'd', q.add);
    if (a.cols.length === 0) continue;
    const d = child.table;
    const n = await affected(tx, `update ${qualified(d)} d set ${a.set()} where d."${child.column}" in (${parentKeys(ctx, all, child, rootKeys)}) and ${a.pending()}`, q.values);
    if (n > 0) addCount(counts, d.name, 'anonymise', n);
  }
  const q = params();
  q.add(keys);
  const a = anonymiseParts(ctx, root, step.categories, 't', q.add);
  if (a.cols.length > 0) {
    addCount(counts, root.name, 'anonymise', await affected(tx, `update ${qualified(root)} t set ${a.set()} where t."${root.key}" in (${rootKeys}) and ${a.pending()}`, q.values));
  }
  return counts;
}

// ---- progress, in the company database (same transaction as the batch) ----

export interface Progress {
  last_clock: string | null;
  last_key: string | null;
  rows: Counts;
  batches: number;
  done: boolean;
}

export async function readProgress(db: Queryable, runId: string, step: string): Promise<Progress> {
  await db.query(`insert into custodian_retention.progress (run_id, step) values ($1, $2) on conflict do nothing`, [runId, step]);
  const [row] = await db.query<Progress>(
    `select to_char(last_clock at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as last_clock, last_key, rows, batches, done
       from custodian_retention.progress where run_id = $1 and step = $2`,
    [runId, step],
  );
  return row;
}

export async function saveProgress(tx: Queryable, runId: string, step: string, p: Progress): Promise<void> {
  await tx.query(`update custodian_retention.progress set last_clock = $3::timestamptz, last_key = $4, rows = $5, batches = $6, done = $7 where run_id = $1 and step = $2`, [
    runId,
    step,
    p.last_clock,
    p.last_key,
    JSON.stringify(p.rows),
    p.batches,
    p.done,
  ]);
}

export async function setLocalTimeZone(tx: Queryable, tz: string): Promise<void> {
  await tx.query(`select set_config('timezone', $1, true)`, [tz]);
}

export function mergeCounts(into: Counts, add: Counts): Counts {
  for (const [table, actions] of Object.entries(add)) for (const [action, n] of Object.entries(actions)) addCount(into, table, action, n);
  return into;
}

// ---- Custodian's store: runs and holds ----

export interface RunRecord {
  id: string;
  rule: string;
  policy_hash: string;
  policy_version: string | null;
  trigger: string;
  now_at: Date;
  steps: { id: string; table: string; kind: string; action: string; cutoff: string; bound: string; lower?: string }[];
  status: 'running' | 'done' | 'failed';
  counts: Counts;
  errors: { step?: string; message: string; at: string }[];
  batches: number;
  longest_batch_ms: number;
  resumed: number;
  started_at: Date;
  finished_at: Date | null;
}

export async function insertRun(db: Queryable, r: Pick<RunRecord, 'id' | 'rule' | 'policy_hash' | 'policy_version' | 'trigger' | 'now_at' | 'steps'>): Promise<void> {
  await db.query(
    `insert into retention_runs (id, rule, policy_hash, policy_version, trigger, now_at, steps, status) values ($1, $2, $3, $4, $5, $6, $7, 'running')`,
    [r.id, r.rule, r.policy_hash, r.policy_version, r.trigger, r.now_at, JSON.stringify(r.steps)],
  );
}

export async function findRunningRun(db: Queryable, rule: string): Promise<RunRecord | undefined> {
  return (await db.query<RunRecord>(`select * from retention_runs where rule = $1 and status = 'running'`, [rule]))[0];
}

export async function markResumed(db: Queryable, id: string): Promise<void> {
  await db.query(`update retention_runs set resumed = resumed + 1 where id = $1`, [id]);
}

export async function updateRunProgress(db: Queryable, id: string, counts: Counts, batches: number, longest: number): Promise<void> {
  await db.query(`update retention_runs set counts = $2, batches = $3, longest_batch_ms = greatest(longest_batch_ms, $4) where id = $1`, [id, JSON.stringify(counts), batches, longest]);
}

export async function finishRun(db: Queryable, id: string, status: 'done' | 'failed', counts: Counts, errors: RunRecord['errors']): Promise<void> {
  await db.query(`update retention_runs set status = $2, counts = $3, errors = errors || $4::jsonb, finished_at = now() where id = $1`, [
    id,
    status,
    JSON.stringify(counts),
    JSON.stringify(errors),
  ]);
}

export async function listRuns(db: Queryable, options: { rule?: string; limit?: number } = {}): Promise<RunRecord[]> {
  return db.query<RunRecord>(`select * from retention_runs where ($1::text is null or rule = $1) order by started_at desc, id desc limit $2`, [options.rule ?? null, options.limit ?? 50]);
}

export interface HoldRecord {
  id: number;
  subject: string;
  reason: string;
  until: Date | null;
  created_at: Date;
  released_at: Date | null;
}

export async function insertHold(db: Queryable, subject: string, reason: string, until: Date | null): Promise<HoldRecord> {
  return (await db.query<HoldRecord>(`insert into retention_holds (subject, reason, until) values ($1, $2, $3) returning *`, [subject, reason, until]))[0];
}

export async function listHolds(db: Queryable, all = false): Promise<HoldRecord[]> {
  return db.query<HoldRecord>(`select * from retention_holds where $1 or (released_at is null and (until is null or until > now())) order by id`, [all]);
}

export async function releaseHold(db: Queryable, id: number): Promise<HoldRecord | undefined> {
  return (await db.query<HoldRecord>(`update retention_holds set released_at = now() where id = $1 and released_at is null returning *`, [id]))[0];
}

/** Identities held at `at`. */
export async function activeHoldSubjects(db: Queryable, at: Date): Promise<string[]> {
  const rows = await db.query<{ subject: string }>(
    `select distinct subject from retention_holds where released_at is null and (until is null or until > $1)`,
    [at],
  );
  return rows.map((r) => r.subject);
}
