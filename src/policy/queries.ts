// SQL of the policy module: published versions.
import type { Queryable } from '../store/db.ts';

export interface VersionRow {
  id: number;
  hash: string;
  effective: string; // YYYY-MM-DD
  published_at: Date;
  note: string | null;
  document: unknown;
  source: string;
}

const columns = `id, hash, to_char(effective, 'YYYY-MM-DD') as effective, published_at, note`;

export async function listVersions(db: Queryable): Promise<Omit<VersionRow, 'document' | 'source'>[]> {
  return db.query(`select ${columns} from policy_versions order by id desc`);
}

export async function getVersion(db: Queryable, id: number): Promise<VersionRow | undefined> {
  const [row] = await db.query<VersionRow>(`select ${columns}, document, source from policy_versions where id = $1`, [id]);
  return row;
}

export async function latestVersion(db: Queryable): Promise<VersionRow | undefined> {
  const [row] = await db.query<VersionRow>(`select ${columns}, document, source from policy_versions order by id desc limit 1`);
  return row;
}

/** The version in force on `date`: the latest published whose effective date is not after it. */
export async function versionInForce(db: Queryable, date: string): Promise<VersionRow | undefined> {
  const [row] = await db.query<VersionRow>(
    `select ${columns}, document, source from policy_versions where effective <= $1::date order by effective desc, id desc limit 1`,
    [date],
  );
  return row;
}

export async function insertVersion(
  db: Queryable,
  v: { hash: string; effective: string; note?: string; document: unknown; source: string },
): Promise<number> {
  // Serialise publishers: the next id is taken under a lock so two publishes never collide.
  await db.query(`lock table policy_versions in exclusive mode`);
  const [row] = await db.query<{ id: number }>(
    `insert into policy_versions (id, hash, effective, note, document, source)
     select coalesce(max(id), 0) + 1, $1, $2::date, $3, $4::json, $5 from policy_versions returning id`,
    [v.hash, v.effective, v.note ?? null, JSON.stringify(v.document), v.source],
  );
  return row.id;
}

export async function latestVersionWithHash(db: Queryable, hash: string): Promise<{ id: number; effective: string } | undefined> {
  const [row] = await db.query<{ id: number; effective: string }>(
    `select id, to_char(effective, 'YYYY-MM-DD') as effective from policy_versions where hash = $1 order by id desc limit 1`,
    [hash],
  );
  return row;
}
