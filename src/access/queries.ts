// SQL of the access module: staff, roles, links, sessions, recovery codes, API keys, failures, audit.
import type { Queryable } from '../store/db.ts';

export interface StaffRow {
  id: string;
  email: string;
  password_hash: string | null;
  active: boolean;
  totp_secret: string | null;
  totp_enabled: boolean;
  totp_last_step: number | null;
  confidentiality_acknowledged_at: Date | null;
  training_date: string | null;
  created_at: Date;
  deactivated_at: Date | null;
  roles: string[];
}

const staffColumns = `s.id, s.email, s.password_hash, s.active, s.totp_secret, s.totp_enabled, s.totp_last_step,
  s.confidentiality_acknowledged_at, to_char(s.training_date, 'YYYY-MM-DD') as training_date, s.created_at, s.deactivated_at,
  coalesce((select array_agg(r.role order by r.role) from staff_roles r where r.staff_id = s.id), '{}') as roles`;

export async function staffById(db: Queryable, id: string, forUpdate = false): Promise<StaffRow | undefined> {
  if (forUpdate) await db.query('select 1 from staff where id = $1 for update', [id]);
  const [row] = await db.query<StaffRow>(`select ${staffColumns} from staff s where s.id = $1`, [id]);
  return row;
}

export async function staffByEmail(db: Queryable, email: string): Promise<StaffRow | undefined> {
  const [row] = await db.query<StaffRow>(`select ${staffColumns} from staff s where lower(s.email) = lower($1)`, [email]);
  return row;
}

export async function listStaff(db: Queryable): Promise<StaffRow[]> {
  return db.query<StaffRow>(`select ${staffColumns} from staff s order by s.created_at, s.id`);
}

export async function countStaff(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from staff');
  return Number(row.n);
}

export async function countActiveAdmins(db: Queryable, except?: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `select count(*)::int as n from staff s join staff_roles r on r.staff_id = s.id and r.role = 'admin'
     where s.active and ($1::text is null or s.id <> $1)`,
    [except ?? null],
  );
  return Number(row.n);
}

export async function insertStaff(db: Queryable, s: { id: string; email: string; passwordHash?: string | null }): Promise<void> {
  await db.query('insert into staff (id, email, password_hash) values ($1, $2, $3)', [s.id, s.email, s.passwordHash ?? null]);
}

export async function setRoles(db: Queryable, staffId: string, roles: string[]): Promise<void> {
  await db.query('delete from staff_roles where staff_id = $1 and not (role = any($2::text[]))', [staffId, roles]);
  for (const role of roles) {
    await db.query('insert into staff_roles (staff_id, role) values ($1, $2) on conflict do nothing', [staffId, role]);
  }
}

export async function setTraining(db: Queryable, staffId: string, acknowledgedAt: string | null, trainingDate: string | null): Promise<void> {
  await db.query('update staff set confidentiality_acknowledged_at = $2, training_date = $3::date where id = $1', [staffId, acknowledgedAt, trainingDate]);
}

export async function setActive(db: Queryable, staffId: string, active: boolean): Promise<void> {
  await db.query('update staff set active = $2, deactivated_at = case when $2 then null else now() end where id = $1', [staffId, active]);
}

export async function setPasswordHash(db: Queryable, staffId: string, hash: string): Promise<void> {
  await db.query('update staff set password_hash = $2 where id = $1', [staffId, hash]);
}

export async function setTotp(db: Queryable, staffId: string, secret: string | null, enabled: boolean): Promise<void> {
  await db.query('update staff set totp_secret = $2, totp_enabled = $3, totp_last_step = null where id = $1', [staffId, secret, enabled]);
}

/** Records a used TOTP step; false when it (or a later one) was already used: a replay. */
export async function consumeTotpStep(db: Queryable, staffId: string, step: number): Promise<boolean> {
  const rows = await db.query(
    'update staff set totp_last_step = $2 where id = $1 and (totp_last_step is null or totp_last_step < $2) returning id',
    [staffId, step],
  );
  return rows.length === 1;
}

// One-time links

export interface LinkRow {
  token_hash: string;
  staff_id: string | null;
  purpose: 'set_password' | 'reset' | 'setup';
  expires_at: Date;
  used_at: Date | null;
  expired: boolean;
}

export async function insertLink(db: Queryable, l: { tokenHash: string; staffId: string | null; purpose: LinkRow['purpose']; ttlSeconds: number }): Promise<void> {
  await db.query(
    `insert into staff_links (token_hash, staff_id, purpose, expires_at) values ($1, $2, $3, now() + make_interval(secs => $4))`,
    [l.tokenHash, l.staffId, l.purpose, l.ttlSeconds],
  );
}

export async function linkForUpdate(db: Queryable, tokenHash: string): Promise<LinkRow | undefined> {
  const [row] = await db.query<LinkRow>(
    'select token_hash, staff_id, purpose, expires_at, used_at, expires_at <= now() as expired from staff_links where token_hash = $1 for update',
    [tokenHash],
  );
  return row;
}

export async function markLinkUsed(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('update staff_links set used_at = now() where token_hash = $1', [tokenHash]);
}

/** A new link of one purpose retires the person's earlier unused ones. */
export async function retireLinks(db: Queryable, staffId: string): Promise<void> {
  await db.query('update staff_links set used_at = now() where staff_id = $1 and used_at is null', [staffId]);
}

// Sessions

export interface SessionRow {
  id_hash: string;
  staff_id: string;
  mfa_pending: boolean;
  mfa_failures: number;
  expires_at: Date;
  last_seen_at: Date;
  valid: boolean;
  stale: boolean;
}

export async function insertSession(db: Queryable, s: { idHash: string; staffId: string; pending: boolean; ttlSeconds: number }): Promise<void> {
  await db.query(
    `insert into staff_sessions (id_hash, staff_id, mfa_pending, expires_at) values ($1, $2, $3, now() + make_interval(secs => $4))`,
    [s.idHash, s.staffId, s.pending, s.ttlSeconds],
  );
}

/** The session with its active staff member; `valid` is false past the absolute or idle limit. */
export async function sessionWithStaff(db: Queryable, idHash: string, idleSeconds: number): Promise<(SessionRow & { staff: StaffRow }) | undefined> {
  const [row] = await db.query<SessionRow & { staff: StaffRow }>(
    `select x.id_hash, x.staff_id, x.mfa_pending, x.mfa_failures, x.expires_at, x.last_seen_at,
       (x.expires_at > now() and x.last_seen_at > now() - make_interval(secs => $2)) as valid,
       x.last_seen_at < now() - interval '30 seconds' as stale,
       (select row_to_json(t) from (select ${staffColumns} from staff s where s.id = x.staff_id) t) as staff
     from staff_sessions x join staff s on s.id = x.staff_id and s.active
     where x.id_hash = $1`,
    [idHash, idleSeconds],
  );
  return row;
}

export async function touchSession(db: Queryable, idHash: string): Promise<void> {
  await db.query('update staff_sessions set last_seen_at = now() where id_hash = $1', [idHash]);
}

export async function deleteSession(db: Queryable, idHash: string): Promise<void> {
  await db.query('delete from staff_sessions where id_hash = $1', [idHash]);
}

export async function deleteSessionsOf(db: Queryable, staffId: string): Promise<number> {
  return (await db.query('delete from staff_sessions where staff_id = $1 returning id_hash', [staffId])).length;
}

export async function countMfaFailure(db: Queryable, idHash: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('update staff_sessions set mfa_failures = mfa_failures + 1 where id_hash = $1 returning mfa_failures as n', [idHash]);
  return row ? Number(row.n) : 0;
}

export async function pruneSessions(db: Queryable): Promise<void> {
  await db.query(`delete from staff_sessions where expires_at < now() - interval '1 day'`);
}

// Recovery codes

export async function replaceRecoveryCodes(db: Queryable, staffId: string, hashes: string[]): Promise<void> {
  await db.query('delete from staff_recovery_codes where staff_id = $1', [staffId]);
  for (const h of hashes) await db.query('insert into staff_recovery_codes (staff_id, code_hash) values ($1, $2)', [staffId, h]);
}

export async function consumeRecoveryCode(db: Queryable, staffId: string, hash: string): Promise<boolean> {
  const rows = await db.query('update staff_recovery_codes set used_at = now() where staff_id = $1 and code_hash = $2 and used_at is null returning staff_id', [staffId, hash]);
  return rows.length === 1;
}

export async function countRecoveryCodes(db: Queryable, staffId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from staff_recovery_codes where staff_id = $1 and used_at is null', [staffId]);
  return Number(row.n);
}

// API keys

export interface ApiKeyRow {
  id: string;
  name: string;
  role: string;
  hint: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export async function insertApiKey(db: Queryable, k: { id: string; name: string; role: string; secretHash: string; hint: string; createdBy: string }): Promise<void> {
  await db.query('insert into api_keys (id, name, role, secret_hash, hint, created_by) values ($1, $2, $3, $4, $5, $6)', [
    k.id,
    k.name,
    k.role,
    k.secretHash,
    k.hint,
    k.createdBy,
  ]);
}

export async function listApiKeys(db: Queryable): Promise<ApiKeyRow[]> {
  return db.query<ApiKeyRow>('select id, name, role, hint, created_by, created_at, last_used_at, revoked_at from api_keys order by created_at desc, id');
}

export async function apiKeyById(db: Queryable, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db.query<ApiKeyRow>('select id, name, role, hint, created_by, created_at, last_used_at, revoked_at from api_keys where id = $1', [id]);
  return row;
}

/** A live key (not revoked, its creator still active), its last use recorded (at most once a minute). */
export async function touchApiKey(db: Queryable, secretHash: string): Promise<{ id: string; role: string } | undefined> {
  const [row] = await db.query<{ id: string; role: string; last_used_at: Date | null }>(
    `select k.id, k.role, k.last_used_at from api_keys k
     where k.secret_hash = $1 and k.revoked_at is null
       and (k.created_by not like 'stf\\_%' or exists (select 1 from staff s where s.id = k.created_by and s.active))`,
    [secretHash],
  );
  if (!row) return undefined;
  if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
    await db.query('update api_keys set last_used_at = now() where id = $1', [row.id]);
  }
  return { id: row.id, role: row.role };
}

export async function revokeApiKey(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('update api_keys set revoked_at = now() where id = $1 and revoked_at is null returning id', [id])).length === 1;
}

export async function revokeApiKeysBy(db: Queryable, staffId: string): Promise<string[]> {
  return (await db.query<{ id: string }>('update api_keys set revoked_at = now() where created_by = $1 and revoked_at is null returning id', [staffId])).map((r) => r.id);
}

// Failures (rate limiting, lockout)

export async function countFailures(db: Queryable, key: string, windowSeconds: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    'select count(*)::int as n from access_failures where key = $1 and at > now() - make_interval(secs => $2)',
    [key, windowSeconds],
  );
  return Number(row.n);
}

export async function insertFailure(db: Queryable, key: string): Promise<void> {
  await db.query('insert into access_failures (key) values ($1)', [key]);
}

export async function clearFailures(db: Queryable, key: string): Promise<void> {
  await db.query('delete from access_failures where key = $1', [key]);
}

export async function pruneFailures(db: Queryable): Promise<void> {
  await db.query(`delete from access_failures where at < now() - interval '1 day'`);
}

// Audit

export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  staff_id: string | null;
  action: string;
  detail: Record<string, unknown>;
}

export async function insertAudit(db: Queryable, a: { actor: string; staffId: string | null; action: string; detail?: Record<string, unknown> }): Promise<void> {
  await db.query('insert into access_audit (actor, staff_id, action, detail) values ($1, $2, $3, $4::jsonb)', [
    a.actor,
    a.staffId,
    a.action,
    JSON.stringify(a.detail ?? {}),
  ]);
}

export async function listAudit(db: Queryable, staffId: string | undefined, limit: number): Promise<AuditRow[]> {
  return db.query<AuditRow>('select id, at, actor, staff_id, action, detail from access_audit where ($1::text is null or staff_id = $1) order by id desc limit $2', [
    staffId ?? null,
    limit,
  ]);
}
