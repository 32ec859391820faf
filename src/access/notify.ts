// The e-mails the access module sends: invitations (set-password links) and password resets.
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { sendMail } from '../mail/send.ts';
import { AccessErrors } from './errors.ts';
import * as q from './queries.ts';
import { sha256 } from './secrets.ts';
import { LIMITS } from './sessions.ts';
import { newLink, setPasswordLink } from './staff.ts';

export async function sendInvitation(ctx: AppContext, email: string, token: string, base: string): Promise<void> {
  const link = setPasswordLink(base, token);
  await sendMail(ctx, {
    to: email,
    subject: 'Your Custodian account',
    text: `An account was opened for you on Custodian.\n\nSet your password within 72 hours: ${link}\n\nIf you did not expect this message, ignore it.`,
  });
}

const RESET_PER_IP = 10;
const RESET_PER_ACCOUNT = 3;
const pending = new Set<Promise<void>>();

/** Resolves when the reset e-mails asked for so far have been handled (tests). */
export async function settleResets(): Promise<void> {
  await Promise.all([...pending]);
}

/**
 * Answers the same way, at once, for every address: the lookup, the link and the e-mail happen after
 * the answer, so neither the answer nor its timing tells whether the address belongs to staff.
 */
export async function requestPasswordReset(ctx: AppContext, emailInput: string, ip: string, base: string): Promise<void> {
  const ipKey = `r:${sha256(ip)}`;
  if ((await q.countFailures(ctx.db, ipKey, LIMITS.windowSeconds)) >= RESET_PER_IP) {
    throw new AppError(AccessErrors.RATE_LIMITED, 'too many reset requests from this address; try again later', 429);
  }
  await q.insertFailure(ctx.db, ipKey);
  const email = emailInput.trim().toLowerCase();
  const work = (async () => {
    const accountKey = `r:${sha256(email)}`;
    if ((await q.countFailures(ctx.db, accountKey, LIMITS.windowSeconds)) >= RESET_PER_ACCOUNT) return;
    await q.insertFailure(ctx.db, accountKey);
    const row = await q.staffByEmail(ctx.db, email);
    if (!row?.active) return;
    const token = await newLink(ctx.db, row.id, 'reset');
    await sendMail(ctx, {
      to: row.email,
      subject: 'Reset your Custodian password',
      text: `Someone asked to reset the password of your Custodian account.\n\nChoose a new password within one hour: ${setPasswordLink(base, token)}\n\nIf it was not you, ignore this message: your password stays as it is.`,
    });
    await q.insertAudit(ctx.db, { actor: 'reset', staffId: row.id, action: 'reset_link_sent' });
  })().catch((err) => ctx.log?.error({ code: (err as AppError).code }, 'password reset e-mail failed'));
  pending.add(work);
  void work.finally(() => pending.delete(work));
}
