// Sign-in, sessions and the authenticator. A session is a random secret in an httpOnly, SameSite=Strict
// cookie; the store keeps only its sha256. The CSRF token is derived from the secret (a hash of it), so
// it is bound to the session without being stored; every state-changing request with a session cookie
// must carry it in `x-csrf-token`. API-key requests (no cookie) need no CSRF token.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Authenticator, Principal } from '../context.ts';
import { AppError } from '../errors.ts';
import { effectiveRoles } from './clearance.ts';
import { AccessErrors } from './errors.ts';
import * as q from './queries.ts';
import { randomToken, safeEqual, sha256, verifyPassword } from './secrets.ts';
import { type AccessContext, accountKey, policyFacts } from './staff.ts';
import { checkSecondFactor } from './totp.ts';

export const SESSION_COOKIE = 'custodian_session';
export const CSRF_HEADER = 'x-csrf-token';
export const API_KEY_PREFIX = 'cus_';

export const LIMITS = {
  sessionSeconds: 12 * 3600, // absolute lifetime
  idleSeconds: 30 * 60, // ended after this long without a request
  pendingSeconds: 5 * 60, // password accepted, TOTP step awaited
  windowSeconds: 15 * 60, // failures counted over this window
  accountFailures: 5, // then the account (known or not) is locked for the rest of the window
  ipFailures: 30, // then the client IP is refused for the rest of the window
  totpFailures: 5, // wrong codes before a pending session is ended
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfToken(secret: string): string {
  return Buffer.from(sha256(`csrf:${secret}`), 'hex').toString('base64url');
}

export function sessionCookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  let value: string | undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) value = part.slice(eq + 1).trim();
  }
  return value && value.length >= 20 && value.length <= 100 ? value : undefined;
}

/** httpOnly, SameSite=Strict, Path=/, Secure when the public URL is https. Values are base64url. */
function sessionCookie(config: Config, value: string, maxAge: number): string {
  const secure = config.CUSTODIAN_PUBLIC_URL?.startsWith('https:') ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Max-Age=${maxAge}; Path=/; HttpOnly; SameSite=Strict${secure}`;
}

export function setSessionCookie(reply: FastifyReply, config: Config, secret: string, seconds: number): void {
  reply.header('set-cookie', sessionCookie(config, secret, seconds));
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.header('set-cookie', sessionCookie(config, '', 0));
}

/** Refuses a state-changing request whose x-csrf-token does not match its session. */
export function checkCsrf(request: FastifyRequest, secret: string): void {
  if (SAFE_METHODS.has(request.method)) return;
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !safeEqual(sent, csrfToken(secret))) {
    throw new AppError(AccessErrors.CSRF, `missing or wrong ${CSRF_HEADER} header`, 403);
  }
}

export function ipKey(ip: string): string {
  return `i:${sha256(ip)}`;
}

async function checkLimits(ctx: AccessContext, email: string, ip: string): Promise<void> {
  if ((await q.countFailures(ctx.db, ipKey(ip), LIMITS.windowSeconds)) >= LIMITS.ipFailures) {
    throw new AppError(AccessErrors.RATE_LIMITED, 'too many failed attempts from this address; try again later', 429);
  }
  if ((await q.countFailures(ctx.db, accountKey(email), LIMITS.windowSeconds)) >= LIMITS.accountFailures) {
    throw new AppError(AccessErrors.LOCKED, 'too many failed attempts for this account; try again in 15 minutes or reset the password', 429);
  }
}

async function recordFailure(ctx: AccessContext, email: string, ip: string): Promise<void> {
  await q.insertFailure(ctx.db, accountKey(email));
  await q.insertFailure(ctx.db, ipKey(ip));
  if (Math.random() < 0.05) await q.pruneFailures(ctx.db);
}

export interface SignedIn {
  secret: string;
  staffId: string;
  pending: boolean;
}

/**
 * Password step. Unknown e-mail, wrong password, no password set yet, deactivated account: the same
 * answer (CUSTODIAN_ACCESS_BAD_CREDENTIALS) after the same argon2 work.
 */
export async function signIn(ctx: AccessContext, emailInput: unknown, password: unknown, ip: string): Promise<SignedIn> {
  const email = typeof emailInput === 'string' ? emailInput.trim().toLowerCase().slice(0, 254) : '';
  const pass = typeof password === 'string' ? password : '';
  await checkLimits(ctx, email, ip);
  const row = email ? await q.staffByEmail(ctx.db, email) : undefined;
  const ok = await verifyPassword(row?.password_hash, pass);
  if (!ok || !row?.active) {
    await recordFailure(ctx, email, ip);
    throw new AppError(AccessErrors.BAD_CREDENTIALS, 'wrong e-mail address or password', 401);
  }
  await q.clearFailures(ctx.db, accountKey(email));
  const secret = randomToken();
  const pending = row.totp_enabled;
  await q.insertSession(ctx.db, {
    idHash: sha256(secret),
    staffId: row.id,
    pending,
    ttlSeconds: pending ? LIMITS.pendingSeconds : LIMITS.sessionSeconds,
  });
  if (Math.random() < 0.05) await q.pruneSessions(ctx.db);
  return { secret, staffId: row.id, pending };
}

/** TOTP step: the pending session is replaced by a full one (a new secret: no fixation). */
export async function completeSecondFactor(
  ctx: AccessContext,
  pendingSecret: string | undefined,
  input: { code?: unknown; recoveryCode?: unknown },
  ip: string,
): Promise<SignedIn> {
  const session = pendingSecret ? await q.sessionWithStaff(ctx.db, sha256(pendingSecret), LIMITS.pendingSeconds) : undefined;
  if (!session?.mfa_pending || !session.valid) {
    throw new AppError(AccessErrors.TOTP_NOT_PENDING, 'sign in with your password first', 401);
  }
  const staff = session.staff;
  const ok = await ctx.db.transaction(async (tx) => checkSecondFactor(tx, staff, input));
  if (!ok) {
    await recordFailure(ctx, staff.email, ip);
    const failures = await q.countMfaFailure(ctx.db, session.id_hash);
    if (failures >= LIMITS.totpFailures) await q.deleteSession(ctx.db, session.id_hash);
    throw new AppError(AccessErrors.TOTP_INVALID, 'the code is not valid', 401);
  }
  const secret = randomToken();
  await ctx.db.transaction(async (tx) => {
    await q.deleteSession(tx, session.id_hash);
    await q.insertSession(tx, { idHash: sha256(secret), staffId: staff.id, pending: false, ttlSeconds: LIMITS.sessionSeconds });
  });
  return { secret, staffId: staff.id, pending: false };
}

export async function signOut(ctx: AccessContext, secret: string): Promise<void> {
  await q.deleteSession(ctx.db, sha256(secret));
}

/** The authenticator the app's onRequest hook calls for every non-public route. */
export function makeAuthenticator(ctx: AccessContext): Authenticator {
  return async (request) => {
    const auth = request.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer (cus_[A-Za-z0-9_-]{20,80})$/.exec(auth);
      if (!m) return undefined;
      const key = await q.touchApiKey(ctx.db, sha256(m[1]));
      return key ? { kind: 'api_key', id: key.id, roles: [key.role] } : undefined;
    }
    const secret = sessionCookieOf(request);
    if (!secret) return undefined;
    const session = await q.sessionWithStaff(ctx.db, sha256(secret), LIMITS.idleSeconds);
    if (!session?.valid || session.mfa_pending) return undefined;
    checkCsrf(request, secret);
    if (session.stale) await q.touchSession(ctx.db, session.id_hash);
    const f = await policyFacts(ctx);
    const staff = session.staff;
    const roles = effectiveRoles(
      staff.roles,
      f.catalogue,
      { confidentialityAcknowledgedAt: staff.confidentiality_acknowledged_at ? String(staff.confidentiality_acknowledged_at) : null, trainingDate: staff.training_date },
      f.policy.security.training_refresh,
      f.today,
    );
    const principal: Principal = { kind: 'staff', id: staff.id, roles };
    return principal;
  };
}

/** The route needs a staff session (not an API key). */
export function requireSession(request: FastifyRequest): Principal {
  const p = request.principal;
  if (p?.kind !== 'staff') throw new AppError(AccessErrors.SESSION_REQUIRED, 'this route needs a staff session', 403);
  return p;
}

/** The caller must hold one of the roles (exercisable today). */
export function requireRole(request: FastifyRequest, ...roles: string[]): Principal {
  const p = request.principal;
  if (!p || !roles.some((r) => p.roles.includes(r))) {
    throw new AppError(AccessErrors.ROLE_REQUIRED, `this route needs the role ${roles.join(' or ')}`, 403);
  }
  return p;
}

/**
 * preHandler for routes that show the ledgers (consent proof, retention plans, runs and holds): the DPO,
 * admins and the control department, nobody else.
 */
export async function privacyOfficersOnly(request: FastifyRequest): Promise<void> {
  requireRole(request, 'dpo', 'admin', 'control');
}
