// Secrets: random tokens, their hashes, argon2id password hashes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { AppError } from '../errors.ts';
import { AccessErrors } from './errors.ts';

/** A random secret, base64url (32 bytes = 256 bits by default). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export function checkPasswordStrength(password: unknown): asserts password is string {
  if (typeof password !== 'string' || password.length < PASSWORD_MIN) {
    throw new AppError(AccessErrors.WEAK_PASSWORD, `the password needs at least ${PASSWORD_MIN} characters`, 400);
  }
  if (password.length > PASSWORD_MAX) {
    throw new AppError(AccessErrors.WEAK_PASSWORD, `the password may have at most ${PASSWORD_MAX} characters`, 400);
  }
  if (new Set(password).size < 5) throw new AppError(AccessErrors.WEAK_PASSWORD, 'the password repeats too few characters', 400);
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

let dummy: Promise<string> | undefined;

/**
 * Verifies a password; with no hash (unknown account, password never set) it verifies against a dummy
 * hash anyway and answers false, so unknown and known accounts take the same time.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  dummy ??= hashPassword(randomToken());
  const target = stored ?? (await dummy);
  try {
    const ok = await verify(target, password.slice(0, PASSWORD_MAX + 1));
    return ok && Boolean(stored);
  } catch {
    return false;
  }
}
