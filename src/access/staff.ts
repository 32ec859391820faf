// Staff: accounts, one-time links, roles (clearance), training, activation — every change audited.
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Policy } from '../policy/model.ts';
import { today as todayIn } from '../policy/versions.ts';
import type { Db, Queryable } from '../store/db.ts';
import { ADMIN, clearanceProblem, effectiveRoles, type RoleInfo, roleCatalogue } from './clearance.ts';
import { AccessErrors } from './errors.ts';
import * as q from './queries.ts';
import { checkPasswordStrength, hashPassword, randomId, randomToken, sha256 } from './secrets.ts';

/** What the access functions need: the store, the configuration, the policy in force. */
export interface AccessContext {
  db: Db;
  config: Config;
  policy: { get(): Promise<{ policy: Policy }> };
}

export const LINK_TTL = { set_password: 72 * 3600, reset: 3600, setup: 24 * 3600 } as const;

export interface StaffView {
  id: string;
  email: string;
  active: boolean;
  roles: string[];
  /** The roles exercisable today (personal-data roles drop out when training lapses). */
  effectiveRoles: string[];
  passwordSet: boolean;
  totp: boolean;
  confidentialityAcknowledgedAt: string | null;
  trainingDate: string | null;
  /** Why personal-data roles cannot be held today, or null. */
  clearanceProblem: string | null;
  createdAt: string;
  deactivatedAt: string | null;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export async function policyFacts(ctx: AccessContext): Promise<{ policy: Policy; catalogue: RoleInfo[]; today: string }> {
  const { policy } = await ctx.policy.get();
  return { policy, catalogue: roleCatalogue(policy), today: todayIn(policy.controller.time_zone) };
}

function facts(row: q.StaffRow) {
  return { confidentialityAcknowledgedAt: iso(row.confidentiality_acknowledged_at), trainingDate: row.training_date };
}

export function toView(row: q.StaffRow, f: { policy: Policy; catalogue: RoleInfo[]; today: string }): StaffView {
  const refresh = f.policy.security.training_refresh;
  return {
    id: row.id,
    email: row.email,
    active: row.active,
    roles: row.roles,
    effectiveRoles: row.active ? effectiveRoles(row.roles, f.catalogue, facts(row), refresh, f.today) : [],
    passwordSet: Boolean(row.password_hash),
    totp: row.totp_enabled,
    confidentialityAcknowledgedAt: iso(row.confidentiality_acknowledged_at),
    trainingDate: row.training_date,
    clearanceProblem: clearanceProblem(facts(row), refresh, f.today) ?? null,
    createdAt: iso(row.created_at)!,
    deactivatedAt: iso(row.deactivated_at),
  };
}

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

export function normaliseEmail(email: unknown): string {
  if (typeof email !== 'string' || email.length > 254 || !EMAIL.test(email.trim())) {
    throw new AppError(AccessErrors.BAD_EMAIL, 'an e-mail address is expected', 400);
  }
  return email.trim().toLowerCase();
}

export function checkDate(date: unknown, what: string): string {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new AppError(AccessErrors.BAD_DATE, `${what}: a date YYYY-MM-DD is expected`, 400);
  }
  if (new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) throw new AppError(AccessErrors.BAD_DATE, `${what}: no such date`, 400);
  return date;
}

async function staffOr404(db: Queryable, id: string, forUpdate = false): Promise<q.StaffRow> {
  const row = await q.staffById(db, id, forUpdate);
  if (!row) throw new AppError(AccessErrors.STAFF_NOT_FOUND, 'no such staff member', 404);
  return row;
}

/** Refuses unknown roles, and personal-data roles the person is not cleared for. */
function checkRoles(roles: string[], row: Pick<q.StaffRow, 'confidentiality_acknowledged_at' | 'training_date'>, f: Awaited<ReturnType<typeof policyFacts>>): void {
  const byId = new Map(f.catalogue.map((r) => [r.id, r]));
  const unknown = roles.filter((r) => !byId.has(r));
  if (unknown.length > 0) {
    throw new AppError(AccessErrors.UNKNOWN_ROLE, `unknown role ${unknown.join(', ')}; roles are ${[...byId.keys()].join(', ')}`, 400);
  }
  const needing = roles.filter((r) => byId.get(r)!.personalData);
  if (needing.length === 0) return;
  const problem = clearanceProblem(
    { confidentialityAcknowledgedAt: iso(row.confidentiality_acknowledged_at), trainingDate: row.training_date },
    f.policy.security.training_refresh,
    f.today,
  );
  if (problem) {
    throw new AppError(AccessErrors.CLEARANCE_REQUIRED, `${needing.join(', ')} gives access to personal data and ${problem}`, 409, { roles: needing });
  }
}

export interface NewStaff {
  email: string;
  roles: string[];
  confidentialityAcknowledged?: boolean;
  trainingDate?: string;
}

/** Creates a staff member (no password yet) and a set-password link. Returns the link's token. */
export async function createStaff(ctx: AccessContext, actor: string, input: NewStaff): Promise<{ staff: StaffView; token: string }> {
  const email = normaliseEmail(input.email);
  const roles = [...new Set(input.roles)].sort();
  const trainingDate = input.trainingDate === undefined ? null : checkDate(input.trainingDate, 'training date');
  const f = await policyFacts(ctx);
  const acknowledgedAt = input.confidentialityAcknowledged ? new Date() : null;
  checkRoles(roles, { confidentiality_acknowledged_at: acknowledgedAt, training_date: trainingDate }, f);
  const id = randomId('stf');
  const token = randomToken();
  const row = await ctx.db.transaction(async (tx) => {
    if (await q.staffByEmail(tx, email)) throw new AppError(AccessErrors.STAFF_EXISTS, 'a staff member with this e-mail address exists', 409);
    await q.insertStaff(tx, { id, email });
    await q.insertAudit(tx, { actor, staffId: id, action: 'created' });
    if (acknowledgedAt || trainingDate) {
      await q.setTraining(tx, id, acknowledgedAt?.toISOString() ?? null, trainingDate);
      await q.insertAudit(tx, { actor, staffId: id, action: 'training', detail: { confidentialityAcknowledged: Boolean(acknowledgedAt), trainingDate } });
    }
    if (roles.length > 0) {
      await q.setRoles(tx, id, roles);
      await q.insertAudit(tx, { actor, staffId: id, action: 'roles', detail: { before: [], after: roles } });
    }
    await q.insertLink(tx, { tokenHash: sha256(token), staffId: id, purpose: 'set_password', ttlSeconds: LINK_TTL.set_password });
    return staffOr404(tx, id);
  });
  return { staff: toView(row, f), token };
}

export async function listStaff(ctx: AccessContext): Promise<StaffView[]> {
  const f = await policyFacts(ctx);
  return (await q.listStaff(ctx.db)).map((r) => toView(r, f));
}

export async function getStaff(ctx: AccessContext, id: string): Promise<StaffView> {
  return toView(await staffOr404(ctx.db, id), await policyFacts(ctx));
}

export async function findStaffByEmail(ctx: AccessContext, email: string): Promise<StaffView | undefined> {
  const row = await q.staffByEmail(ctx.db, normaliseEmail(email));
  return row ? toView(row, await policyFacts(ctx)) : undefined;
}

export async function setStaffRoles(ctx: AccessContext, actor: string, id: string, roles: string[]): Promise<StaffView> {
  const wanted = [...new Set(roles)].sort();
  const f = await policyFacts(ctx);
  const row = await ctx.db.transaction(async (tx) => {
    const row = await staffOr404(tx, id, true);
    if (!row.active) throw new AppError(AccessErrors.STAFF_INACTIVE, 'this staff member is deactivated', 409);
    // Roles already held stay checkable: re-granting a lapsed personal-data role is refused too.
    checkRoles(wanted, row, f);
    if (row.roles.includes(ADMIN) && !wanted.includes(ADMIN) && (await q.countActiveAdmins(tx, id)) === 0) {
      throw new AppError(AccessErrors.LAST_ADMIN, 'the last active admin cannot lose the admin role', 409);
    }
    if (row.roles.join() === wanted.join()) return row;
    await q.setRoles(tx, id, wanted);
    await q.insertAudit(tx, { actor, staffId: id, action: 'roles', detail: { before: row.roles, after: wanted } });
    return staffOr404(tx, id);
  });
  return toView(row, f);
}

export async function setStaffTraining(
  ctx: AccessContext,
  actor: string,
  id: string,
  input: { confidentialityAcknowledged: boolean; trainingDate: string | null },
): Promise<StaffView> {
  const trainingDate = input.trainingDate === null ? null : checkDate(input.trainingDate, 'training date');
  const f = await policyFacts(ctx);
  if (trainingDate && trainingDate > f.today) throw new AppError(AccessErrors.BAD_DATE, 'the training date is in the future', 400);
  const row = await ctx.db.transaction(async (tx) => {
    const row = await staffOr404(tx, id, true);
    const acknowledgedAt = input.confidentialityAcknowledged ? (iso(row.confidentiality_acknowledged_at) ?? new Date().toISOString()) : null;
    await q.setTraining(tx, id, acknowledgedAt, trainingDate);
    await q.insertAudit(tx, {
      actor,
      staffId: id,
      action: 'training',
      detail: { confidentialityAcknowledged: Boolean(acknowledgedAt), trainingDate },
    });
    return staffOr404(tx, id);
  });
  return toView(row, f);
}

/** Deactivation ends the person's sessions and the API keys they created, in the same transaction. */
export async function setStaffActive(ctx: AccessContext, actor: string, id: string, active: boolean): Promise<StaffView> {
  const f = await policyFacts(ctx);
  const row = await ctx.db.transaction(async (tx) => {
    const row = await staffOr404(tx, id, true);
    if (row.active === active) return row;
    if (!active) {
      if (row.roles.includes(ADMIN) && (await q.countActiveAdmins(tx, id)) === 0) {
        throw new AppError(AccessErrors.LAST_ADMIN, 'the last active admin cannot be deactivated', 409);
      }
      const sessions = await q.deleteSessionsOf(tx, id);
      const keys = await q.revokeApiKeysBy(tx, id);
      await q.retireLinks(tx, id);
      await q.setActive(tx, id, false);
      await q.insertAudit(tx, { actor, staffId: id, action: 'deactivated', detail: { sessionsEnded: sessions, apiKeysRevoked: keys } });
    } else {
      await q.setActive(tx, id, true);
      await q.insertAudit(tx, { actor, staffId: id, action: 'activated' });
    }
    return staffOr404(tx, id);
  });
  return toView(row, f);
}

/** A new one-time link for a staff member (set-password after invite, or reset); earlier links retire. */
export async function newLink(db: Queryable, staffId: string, purpose: 'set_password' | 'reset'): Promise<string> {
  const token = randomToken();
  await q.retireLinks(db, staffId);
  await q.insertLink(db, { tokenHash: sha256(token), staffId, purpose, ttlSeconds: LINK_TTL[purpose] });
  return token;
}

async function consumeLink(tx: Queryable, token: unknown, purposes: q.LinkRow['purpose'][]): Promise<q.LinkRow> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 100) {
    throw new AppError(AccessErrors.LINK_INVALID, 'this link is not valid', 400);
  }
  const link = await q.linkForUpdate(tx, sha256(token));
  if (!link || !purposes.includes(link.purpose)) throw new AppError(AccessErrors.LINK_INVALID, 'this link is not valid', 400);
  if (link.used_at) throw new AppError(AccessErrors.LINK_USED, 'this link has already been used; ask for a new one', 410);
  if (link.expired) throw new AppError(AccessErrors.LINK_EXPIRED, 'this link has expired; ask for a new one', 410);
  await q.markLinkUsed(tx, link.token_hash);
  return link;
}

/** Sets the password from a set-password or reset link; ends the person's other sessions. */
export async function setPasswordFromLink(ctx: AccessContext, token: unknown, password: unknown): Promise<{ staffId: string }> {
  checkPasswordStrength(password);
  const hash = await hashPassword(password);
  return ctx.db.transaction(async (tx) => {
    const link = await consumeLink(tx, token, ['set_password', 'reset']);
    const row = link.staff_id ? await q.staffById(tx, link.staff_id, true) : undefined;
    if (!row?.active) throw new AppError(AccessErrors.LINK_INVALID, 'this link is not valid', 400);
    await q.setPasswordHash(tx, row.id, hash);
    await q.deleteSessionsOf(tx, row.id);
    await q.clearFailures(tx, accountKey(row.email));
    await q.insertAudit(tx, { actor: `staff:${row.id}`, staffId: row.id, action: link.purpose === 'reset' ? 'password_reset' : 'password_set' });
    return { staffId: row.id };
  });
}

/** A setup link, made when the store has no staff: whoever holds it creates the first admin. */
export async function createSetupLink(db: Db): Promise<string | undefined> {
  const token = randomToken();
  const made = await db.transaction(async (tx) => {
    await tx.query('lock table staff in share row exclusive mode');
    if ((await q.countStaff(tx)) > 0) return false;
    await tx.query(`update staff_links set used_at = now() where purpose = 'setup' and used_at is null`);
    await q.insertLink(tx, { tokenHash: sha256(token), staffId: null, purpose: 'setup', ttlSeconds: LINK_TTL.setup });
    return true;
  });
  return made ? token : undefined;
}

export async function completeSetup(ctx: AccessContext, token: unknown, emailInput: unknown, password: unknown): Promise<StaffView> {
  const email = normaliseEmail(emailInput);
  checkPasswordStrength(password);
  const hash = await hashPassword(password);
  const f = await policyFacts(ctx);
  const row = await ctx.db.transaction(async (tx) => {
    await tx.query('lock table staff in share row exclusive mode');
    const link = await consumeLink(tx, token, ['setup']);
    if ((await q.countStaff(tx)) > 0) throw new AppError(AccessErrors.SETUP_DONE, 'the first admin already exists; sign in instead', 409);
    const id = randomId('stf');
    await q.insertStaff(tx, { id, email, passwordHash: hash });
    await q.setRoles(tx, id, [ADMIN]);
    await q.insertAudit(tx, { actor: 'setup', staffId: id, action: 'created', detail: { via: link.purpose } });
    await q.insertAudit(tx, { actor: 'setup', staffId: id, action: 'roles', detail: { before: [], after: [ADMIN] } });
    return staffOr404(tx, id);
  });
  return toView(row, f);
}

export function accountKey(email: string): string {
  return `a:${sha256(email.trim().toLowerCase())}`;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  staffId: string | null;
  action: string;
  detail: Record<string, unknown>;
}

export async function listAudit(db: Db, staffId?: string, limit = 200): Promise<AuditEntry[]> {
  return (await q.listAudit(db, staffId, Math.min(Math.max(limit, 1), 1000))).map((r) => ({
    id: Number(r.id),
    at: iso(r.at)!,
    actor: r.actor,
    staffId: r.staff_id,
    action: r.action,
    detail: r.detail,
  }));
}

/** The base of links sent by e-mail or printed: CUSTODIAN_PUBLIC_URL, else the listening address. */
export function linkBase(config: Config, listening?: string): string {
  if (config.CUSTODIAN_PUBLIC_URL) return config.CUSTODIAN_PUBLIC_URL.replace(/\/+$/, '');
  if (listening) return listening;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}

export function setPasswordLink(base: string, token: string): string {
  return `${base}/console/#/set-password?token=${token}`;
}

export function setupLink(base: string, token: string): string {
  return `${base}/console/#/setup?token=${token}`;
}
