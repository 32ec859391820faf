// Publishing: the loaded policy becomes a numbered, hashed, dated version; earlier ones stay readable
// ("what was in force on 1 June 2023?").
import { AppError } from '../errors.ts';
import type { Db } from '../store/db.ts';
import { PolicyErrors } from './errors.ts';
import type { LoadedPolicy } from './load.ts';
import type { Policy } from './model.ts';
import * as q from './queries.ts';

export interface PublishedVersion {
  id: number;
  hash: string;
  effective: string;
  publishedAt: string;
  note: string | null;
  policy: Policy;
}

export function toPublished(row: q.VersionRow): PublishedVersion {
  return {
    id: row.id,
    hash: row.hash,
    effective: row.effective,
    publishedAt: new Date(row.published_at).toISOString(),
    note: row.note,
    policy: row.document as Policy,
  };
}

export async function publish(
  db: Db,
  loaded: LoadedPolicy,
  options: { effective?: string; note?: string } = {},
): Promise<PublishedVersion> {
  const effective = options.effective ?? loaded.policy.version.effective;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(effective) || Number.isNaN(Date.parse(effective))) {
    throw new AppError(PolicyErrors.BAD_DATE, `effective date "${effective}" is not a date (YYYY-MM-DD)`, 400);
  }
  return db.transaction(async (tx) => {
    const latest = await q.latestVersion(tx);
    if (latest && latest.hash === loaded.hash && latest.effective === effective) {
      throw new AppError(
        PolicyErrors.VERSION_UNCHANGED,
        `the policy is identical to version ${latest.id} (hash ${latest.hash.slice(0, 12)}); nothing to publish`,
        409,
      );
    }
    const id = await q.insertVersion(tx, { hash: loaded.hash, effective, note: options.note, document: loaded.policy, source: loaded.source });
    return toPublished((await q.getVersion(tx, id))!);
  });
}

/** At first start on an empty store, the loaded policy becomes version 1. */
export async function publishIfEmpty(db: Db, loaded: LoadedPolicy): Promise<PublishedVersion | undefined> {
  if (await q.latestVersion(db)) return undefined;
  try {
    return await publish(db, loaded, { note: 'published at first start' });
  } catch (err) {
    // Another instance starting at the same moment published it first.
    if (err instanceof AppError && err.code === PolicyErrors.VERSION_UNCHANGED) return undefined;
    throw err;
  }
}

export async function versionAt(db: Db, date: string): Promise<PublishedVersion> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
    throw new AppError(PolicyErrors.BAD_DATE, `"${date}" is not a date (YYYY-MM-DD)`, 400);
  }
  const row = await q.versionInForce(db, date);
  if (!row) throw new AppError(PolicyErrors.NO_VERSION_IN_FORCE, `no policy version was in force on ${date}`, 404);
  return toPublished(row);
}

export async function versionById(db: Db, id: number): Promise<PublishedVersion> {
  const row = Number.isSafeInteger(id) && id > 0 ? await q.getVersion(db, id) : undefined;
  if (!row) throw new AppError(PolicyErrors.VERSION_NOT_FOUND, `policy version ${id} does not exist`, 404);
  return toPublished(row);
}

export async function listVersions(db: Db) {
  return (await q.listVersions(db)).map((r) => ({ ...r, published_at: new Date(r.published_at).toISOString() }));
}

/** Today's date in the controller's time zone (YYYY-MM-DD): effective dates are local dates. */
export function today(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * The version in force now, cached for a few seconds: every instance reads the store, so a publish on one
 * instance reaches the others within `ttlMs`.
 */
export function currentPolicyCache(db: Db, timeZoneOf: () => string, ttlMs = 5000) {
  let cached: { at: number; version: PublishedVersion } | undefined;
  return {
    async get(): Promise<PublishedVersion> {
      if (cached && Date.now() - cached.at < ttlMs) return cached.version;
      const row = (await q.versionInForce(db, today(timeZoneOf()))) ?? (await q.latestVersion(db));
      if (!row) throw new AppError(PolicyErrors.NO_VERSION_IN_FORCE, 'no policy version has been published', 503);
      cached = { at: Date.now(), version: toPublished(row) };
      return cached.version;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

/**
 * How evidence names the policy a job applied: "v3 (effective 2022-03-25)" when the loaded document was
 * published, else "unpublished draft (effective …)".
 */
export async function describePolicyVersion(db: Db, loaded: LoadedPolicy): Promise<string> {
  const v = await q.latestVersionWithHash(db, loaded.hash);
  return v ? `v${v.id} (effective ${v.effective})` : `unpublished draft (effective ${loaded.policy.version.effective})`;
}
