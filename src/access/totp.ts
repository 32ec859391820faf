// Optional TOTP (RFC 6238): enrol → otpauth URI and QR code, confirm with a first code → recovery codes.
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { AppError } from '../errors.ts';
import type { Queryable } from '../store/db.ts';
import { AccessErrors } from './errors.ts';
import * as q from './queries.ts';
import { randomToken, sha256 } from './secrets.ts';
import type { AccessContext } from './staff.ts';

const PERIOD = 30;
const RECOVERY_CODES = 10;

function totpFor(secret: string, label = 'staff'): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: 'Custodian', label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: OTPAuth.Secret.fromBase32(secret) });
}

/** The time step a code belongs to (±1 step of clock drift), or undefined. */
export function matchStep(secret: string, code: string, now = Date.now()): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpFor(secret).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? undefined : Math.floor(now / 1000 / PERIOD) + delta;
}

/** For tests and tools: the current code of a secret. */
export function currentCode(secret: string, now = Date.now()): string {
  return totpFor(secret).generate({ timestamp: now });
}

export interface Enrolment {
  secret: string;
  uri: string;
  /** The otpauth URI as a QR code, a data: URL (PNG). */
  qr: string;
}

export async function enrolTotp(ctx: AccessContext, staffId: string): Promise<Enrolment> {
  const row = await q.staffById(ctx.db, staffId);
  if (!row) throw new AppError(AccessErrors.STAFF_NOT_FOUND, 'no such staff member', 404);
  if (row.totp_enabled) throw new AppError(AccessErrors.TOTP_ALREADY_ENABLED, 'TOTP is already enabled; disable it first', 409);
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await q.setTotp(ctx.db, staffId, secret, false);
  const uri = totpFor(secret, row.email).toString();
  return { secret, uri, qr: await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2 }) };
}

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const raw = randomToken(10).replace(/[-_]/g, 'x').slice(0, 12).toLowerCase();
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
  });
}

export function recoveryHash(code: string): string {
  return sha256(`recovery:${code.toLowerCase().replace(/[^a-z0-9]/g, '')}`);
}

/** Confirms an enrolment with a first code; returns the recovery codes (shown once). */
export async function confirmTotp(ctx: AccessContext, staffId: string, code: unknown): Promise<{ recoveryCodes: string[] }> {
  return ctx.db.transaction(async (tx) => {
    const row = await q.staffById(tx, staffId, true);
    if (!row?.totp_secret || row.totp_enabled) throw new AppError(AccessErrors.TOTP_NOT_ENROLLED, 'start an enrolment first', 409);
    const step = typeof code === 'string' ? matchStep(row.totp_secret, code) : undefined;
    if (step === undefined) throw new AppError(AccessErrors.TOTP_INVALID, 'the code is not valid', 401);
    await q.setTotp(tx, staffId, row.totp_secret, true);
    await q.consumeTotpStep(tx, staffId, step);
    const codes = newRecoveryCodes();
    await q.replaceRecoveryCodes(tx, staffId, codes.map(recoveryHash));
    await q.insertAudit(tx, { actor: `staff:${staffId}`, staffId, action: 'totp_enabled' });
    return { recoveryCodes: codes };
  });
}

export async function disableTotp(db: Queryable, actor: string, staffId: string): Promise<void> {
  await q.setTotp(db, staffId, null, false);
  await q.replaceRecoveryCodes(db, staffId, []);
  await q.insertAudit(db, { actor, staffId, action: 'totp_disabled' });
}

/** Checks a TOTP code (not replayable) or a recovery code (used once). */
export async function checkSecondFactor(db: Queryable, row: q.StaffRow, input: { code?: unknown; recoveryCode?: unknown }): Promise<boolean> {
  if (!row.totp_secret) return false;
  if (typeof input.code === 'string') {
    const step = matchStep(row.totp_secret, input.code);
    return step !== undefined && (await q.consumeTotpStep(db, row.id, step));
  }
  if (typeof input.recoveryCode === 'string' && input.recoveryCode.length <= 40) {
    return q.consumeRecoveryCode(db, row.id, recoveryHash(input.recoveryCode));
  }
  return false;
}
