import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppError } from '../errors.ts';
import { AccessErrors } from './errors.ts';
import { checkPasswordStrength, hashPassword, verifyPassword } from './secrets.ts';
import { csrfToken } from './sessions.ts';
import { currentCode, matchStep, recoveryHash } from './totp.ts';

test('passwords are hashed with argon2id and verified; no hash never verifies', async () => {
  const hash = await hashPassword('correct horse battery staple');
  assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.equal(await verifyPassword(hash, 'correct horse battery staple'), true);
  assert.equal(await verifyPassword(hash, 'correct horse battery stapl'), false);
  assert.equal(await verifyPassword(null, 'anything at all'), false);
  assert.equal(await verifyPassword('not a hash', 'anything at all'), false);
});

test('weak passwords are refused with a stable code', () => {
  for (const bad of ['short', 'a'.repeat(20), 'x'.repeat(300), undefined]) {
    assert.throws(() => checkPasswordStrength(bad), (err: AppError) => err.code === AccessErrors.WEAK_PASSWORD);
  }
  checkPasswordStrength('correct horse battery staple');
});

test('TOTP codes match their step within ±1 step, not beyond', () => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const now = 1_700_000_000_000;
  const step = Math.floor(now / 30_000);
  assert.equal(matchStep(secret, currentCode(secret, now), now), step);
  assert.equal(matchStep(secret, currentCode(secret, now - 30_000), now), step - 1);
  assert.equal(matchStep(secret, currentCode(secret, now - 90_000), now), undefined);
  assert.equal(matchStep(secret, 'abcdef', now), undefined);
});

test('recovery codes compare without case or dashes; CSRF tokens differ per session', () => {
  assert.equal(recoveryHash('ABCD-efgh-1234'), recoveryHash('abcdefgh1234'));
  assert.notEqual(recoveryHash('abcd-efgh-1234'), recoveryHash('abcd-efgh-1235'));
  assert.notEqual(csrfToken('a'.repeat(43)), csrfToken('b'.repeat(43)));
  assert.match(csrfToken('a'.repeat(43)), /^[A-Za-z0-9_-]{43}$/);
});
