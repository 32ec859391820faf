// The retention engine: plans (dry runs) and runs of the policy's rules on the company databases.
// Runs go in keyset batches of bounded size, each batch in its own transaction together with its
// progress row, so a run killed midway resumes exactly where it stopped; one run per rule at a time.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { AppError } from '../errors.ts';
import { checkDataMap } from '../datamap/check.ts';
import { type Connections, connectionOf } from '../datamap/connect.ts';
import type { DataMap } from '../datamap/model.ts';
import type { LoadedPolicy } from '../policy/load.ts';
import { describePolicyVersion } from '../policy/versions.ts';
import type { Db } from '../store/db.ts';
import { hmacPads } from './anonymise.ts';
import { addDuration, cutoff, monthStarts, toWall } from './clock.ts';
import { RetentionErrors } from './errors.ts';
import {
  activeHoldSubjects,
  applyBatch,
  type Bounds,
  type Counts,
  countDue,
  countFallingDue,
  ensureCompanySchema,
  findRunningRun,
  finishRun,
  insertRun,
  markResumed,
  mergeCounts,
  nextBatch,
  type Progress,
  readProgress,
  type RunRecord,
  type SqlContext,
  saveProgress,
  setLocalTimeZone,
  updateRunProgress,
} from './queries.ts';
import { OWN_CONSENTS_RULE, purgeOwnRecords } from './own-records.ts';
import { type Step, stepsFor } from './steps.ts';

export interface EngineContext {
  /** Custodian's store (runs, holds). */
  store: Db;
  policy: LoadedPolicy;
  map: DataMap;
  connections: Connections;
  /** Key of the keyed hash used by `anonymise: hash` (default: CUSTODIAN_HASH_KEY or a key file). */
  hashKey?: Buffer;
}

/**
 * Subjects with an open rights request that needs their data (an erasure or access in progress …).
 * The rights module does not exist yet: no subject is excluded. When it lands, it answers here.
 */
export async function subjectsWithOpenRequests(_store: Db): Promise<string[]> {
  return [];
}

export function hashKeyFromEnv(env: Record<string, string | undefined> = process.env): Buffer {
  if (env.CUSTODIAN_HASH_KEY) return Buffer.from(env.CUSTODIAN_HASH_KEY, 'utf8');
  const dir = env.CUSTODIAN_DATA_DIR || '.custodian';
  const file = join(dir, 'retention-hash.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomUUID() + randomUUID(), { mode: 0o600 });
  }
  return readFileSync(file);
}

async function sqlContext(ctx: EngineContext, at: Date): Promise<SqlContext> {
  const check = await checkDataMap(ctx.map, ctx.connections);
  if (check.problems.length > 0) {
    throw new AppError(
      RetentionErrors.DATAMAP_MISMATCH,
      `the data map does not match the database; nothing was touched:\n  ${check.problems.map((p) => p.message).join('\n  ')}`,
      422,
      check.problems,
    );
  }
  const key = ctx.hashKey ?? hashKeyFromEnv();
  const held = [...(await activeHoldSubjects(ctx.store, at)), ...(await subjectsWithOpenRequests(ctx.store))];
  return { map: ctx.map, types: check.types, pads: () => hmacPads(key), held };
}

function ruleSteps(ctx: EngineContext, rule?: string): Step[] {
  if (rule && !ctx.policy.policy.retention.some((r) => r.id === rule)) {
    throw new AppError(RetentionErrors.UNKNOWN_RULE, `no retention rule "${rule}" in the policy (rules: ${ctx.policy.policy.retention.map((r) => r.id).join(', ')})`, 404);
  }
  return stepsFor(ctx.policy.policy, ctx.map, rule);
}

/** The bounds of a step at `now`: due when clock < bound (and, for an archive, not already past its end). */
export function stepBounds(ctx: EngineContext, step: Step, now: Date | number): Bounds & { cutoff: string } {
  const tz = ctx.policy.policy.controller.time_zone;
  const c = cutoff(now, step.after, tz);
  const b: Bounds & { cutoff: string } = { bound: c.bound, cutoff: c.cutoff.toISOString() };
  if (step.kind === 'archive') {
    const rule = ctx.policy.policy.retention.find((r) => r.id === step.rule)!;
    const ext = rule.extensions.find((e) => e.purpose === step.purpose)!;
    const end = stepsFor(ctx.policy.policy, ctx.map, step.rule).find((s) => s.kind === 'expire' && s.purpose === ext.purpose && s.root === step.root)!;
    b.lower = cutoff(now, end.after, tz).bound;
  }
  return b;
}

export interface PlanEntry {
  rule: string;
  step: string;
  kind: string;
  table: string;
  action: string;
  cutoff: string;
  due: number;
  held: number;
  /** Rows of the tables below that go with the due rows: table → action → rows. */
  below: Counts;
  /** Rows (of the root table) falling due in each of the next 12 months. */
  upcoming: { month: string; rows: number }[];
}

export async function plan(ctx: EngineContext, options: { rule?: string; at?: Date } = {}): Promise<PlanEntry[]> {
  const at = options.at ?? new Date();
  const steps = ruleSteps(ctx, options.rule);
  const sql = await sqlContext(ctx, at);
  const tz = ctx.policy.policy.controller.time_zone;
  const months = monthStarts(at, 12, tz);
  const out: PlanEntry[] = [];
  for (const step of steps) {
    const db = connectionOf(ctx.connections, ctx.map.tables.get(step.root)!.connection);
    const b = stepBounds(ctx, step, at);
    await ensureCompanySchema(db, []);
    const result = await db.transaction(async (tx) => {
      await setLocalTimeZone(tx, tz);
      const now = await countDue(tx, sql, step, b);
      const ahead = await countFallingDue(tx, sql, step, months.map((m) => cutoff(m, step.after, tz).bound), b.lower);
      return { now, ahead };
    });
    // Month i runs from the start of local month i to the start of month i + 1 (month 0: from now).
    const label = (ms: number) => {
      const w = toWall(ms, tz);
      return `${w.year}-${String(w.month).padStart(2, '0')}`;
    };
    const upcoming = months.map((_, i) => ({
      month: label(i === 0 ? at.getTime() : months[i - 1]),
      rows: Math.max(0, result.ahead[i] - (i === 0 ? result.now.due : result.ahead[i - 1])),
    }));
    out.push({
      rule: step.rule,
      step: step.id,
      kind: step.kind,
      table: step.action === 'expire' ? 'custodian_archive.records' : step.root,
      action: step.action,
      cutoff: b.cutoff,
      due: result.now.due,
      held: result.now.held,
      below: result.now.below,
      upcoming,
    });
  }
  return out;
}

// ---- runs ----

const localLocks = new Set<string>();

interface Lock {
  release(): Promise<void>;
}

/** One run per rule: a session advisory lock on PostgreSQL (released if the process dies), in-process on PGlite. */
async function lockRule(store: Db, rule: string): Promise<Lock | undefined> {
  if (store.kind === 'postgres') {
    const client = await (store.raw as pg.Pool).connect();
    const [{ ok }] = (await client.query(`select pg_try_advisory_lock(hashtext('custodian-retention'), hashtext($1)) as ok`, [rule])).rows;
    if (!ok) {
      client.release();
      return undefined;
    }
    return {
      async release() {
        await client.query(`select pg_advisory_unlock(hashtext('custodian-retention'), hashtext($1))`, [rule]).catch(() => {});
        client.release();
      },
    };
  }
  if (localLocks.has(rule)) return undefined;
  localLocks.add(rule);
  return { release: async () => void localLocks.delete(rule) };
}

export interface RunOptions {
  rule?: string;
  trigger?: string;
  /** The instant the cutoffs are computed from (default: now). Ignored when resuming a run. */
  now?: Date;
  batchSize?: number;
  /** Upper bound of the adaptive batch size. */
  maxBatch?: number;
  /** Target duration of a batch in ms (the batch size adapts to it). */
  targetMs?: number;
  onBatch?: (e: { rule: string; step: string; rows: number; done: number; total: number; ms: number }) => void;
}

export interface RunSummary {
  id: string;
  rule: string;
  status: 'done' | 'failed';
  resumed: boolean;
  counts: Counts;
  batches: number;
  longestBatchMs: number;
  /** Batch durations of this invocation, in ms (for percentiles). */
  batchMs: number[];
  errors: string[];
}

export async function run(ctx: EngineContext, options: RunOptions = {}): Promise<RunSummary[]> {
  if (options.rule === OWN_CONSENTS_RULE) return [await purgeOwnRecords(ctx, options)];
  const rules = options.rule ? [options.rule] : ctx.policy.policy.retention.map((r) => r.id);
  const summaries: RunSummary[] = [];
  for (const rule of rules) summaries.push(await runRule(ctx, rule, options));
  if (!options.rule) summaries.push(await purgeOwnRecords(ctx, options));
  return summaries;
}

async function runRule(ctx: EngineContext, rule: string, options: RunOptions): Promise<RunSummary> {
  const steps = ruleSteps(ctx, rule);
  const tz = ctx.policy.policy.controller.time_zone;
  const lock = await lockRule(ctx.store, rule);
  if (!lock) throw new AppError(RetentionErrors.RUN_IN_PROGRESS, `a run of rule "${rule}" is in progress`, 409);
  try {
    // The data map is checked against the live database before a run is recorded or anything touched.
    await sqlContext(ctx, options.now ?? new Date());
    let record = await findRunningRun(ctx.store, rule);
    const resumed = Boolean(record);
    if (record) await markResumed(ctx.store, record.id);
    else {
      const now = options.now ?? new Date();
      const id = randomUUID();
      await insertRun(ctx.store, {
        id,
        rule,
        policy_hash: ctx.policy.hash,
        policy_version: await describePolicyVersion(ctx.store, ctx.policy),
        trigger: options.trigger ?? 'cli',
        now_at: now,
        steps: steps.map((s) => ({ id: s.id, table: s.root, kind: s.kind, action: s.action, ...stepBounds(ctx, s, now) })),
      });
      record = (await findRunningRun(ctx.store, rule))!;
    }
    const now = new Date(record.now_at);
    const sql = await sqlContext(ctx, now);
    const counts: Counts = {};
    const errors: RunRecord['errors'] = [];
    let batches = 0;
    let longest = 0;
    const batchMs: number[] = [];
    let status: 'done' | 'failed' = 'done';
    const readers = [...new Set(steps.flatMap((s) => s.access ?? []))];
    for (const step of steps) {
      const recorded = record.steps.find((s) => s.id === step.id);
      if (!recorded) continue; // the policy changed since the run started: the new step waits for the next run
      const b: Bounds = { bound: recorded.bound, lower: recorded.lower };
      const db = connectionOf(ctx.connections, ctx.map.tables.get(step.root)!.connection);
      let progress: Awaited<ReturnType<typeof readProgress>> | undefined;
      try {
        await ensureCompanySchema(db, readers);
        progress = await readProgress(db, record.id, step.id);
        if (progress.done) {
          mergeCounts(counts, progress.rows);
          continue;
        }
        let cur = progress;
        let total = 0;
        if (options.onBatch) {
          total = (
            await db.transaction(async (tx) => {
              await setLocalTimeZone(tx, tz);
              return countDue(tx, sql, step, b);
            })
          ).due;
        }
        let size = options.batchSize ?? 1000;
        const max = options.maxBatch ?? 10_000;
        const target = options.targetMs ?? 50;
        let doneRows = 0;
        for (;;) {
          const t0 = performance.now();
          // The new position is adopted only once its transaction has committed.
          const [rows, next] = await db.transaction(async (tx): Promise<[number, Progress]> => {
            await setLocalTimeZone(tx, tz);
            const batch = await nextBatch(tx, sql, step, b, { clock: cur.last_clock, key: cur.last_key }, size);
            if (batch.length === 0) {
              const finished = { ...cur, done: true };
              await saveProgress(tx, record.id, step.id, finished);
              return [0, finished];
            }
            const done = await applyBatch(tx, sql, step, batch.map((r) => r.k));
            const last = batch[batch.length - 1];
            const moved: Progress = {
              last_clock: last.c,
              last_key: last.k,
              batches: cur.batches + 1,
              rows: mergeCounts(structuredClone(cur.rows), done),
              done: batch.length < size,
            };
            await saveProgress(tx, record.id, step.id, moved);
            return [batch.length, moved];
          });
          cur = next;
          progress = next;
          const ms = performance.now() - t0;
          if (rows > 0) {
            batches++;
            longest = Math.max(longest, ms);
            batchMs.push(ms);
            doneRows += rows;
            options.onBatch?.({ rule, step: step.id, rows, done: doneRows, total, ms });
            // Adapt the batch to the target duration, within [100, max].
            if (ms < target / 2 && rows === size) size = Math.min(max, size * 2);
            else if (ms > target * 1.5) size = Math.max(100, Math.floor(size / 2));
          }
          if (cur.done) break;
        }
      } catch (err) {
        status = 'failed';
        // Database messages name tables and constraints, never row values: safe to record.
        errors.push({ step: step.id, message: (err as Error).message.split('\n')[0], at: new Date().toISOString() });
      }
      if (progress) mergeCounts(counts, progress.rows);
      await updateRunProgress(ctx.store, record.id, counts, batches, longest);
      if (status === 'failed') break;
    }
    await finishRun(ctx.store, record.id, status, counts, errors);
    return { id: record.id, rule, status, resumed, counts, batches, longestBatchMs: longest, batchMs, errors: errors.map((e) => e.message) };
  } finally {
    await lock.release();
  }
}

/** The date a clock value expires under a rule (for explanations in the console and tests). */
export function expiresAt(ctx: EngineContext, clock: Date, keep: string): Date {
  return new Date(addDuration(clock.getTime(), keep, ctx.policy.policy.controller.time_zone));
}
