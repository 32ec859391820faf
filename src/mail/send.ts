// sendMail: SMTP through nodemailer when SMTP_URL is set, otherwise the outbox table in the store.
// Callers never learn which: both resolve once the message is accepted (by the SMTP server or the store).
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Db } from '../store/db.ts';
import { MailErrors } from './errors.ts';
import * as q from './queries.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface MailContext {
  config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'>;
  db: Db;
}

export interface SentMail {
  id: number;
  transport: 'outbox' | 'smtp';
}

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url);
    transports.set(url, t);
  }
  return t;
}

/** Closes the cached SMTP connections (tests, shutdown). */
export function closeMailTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}

const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

export function validateMail(mail: Mail): void {
  if (typeof mail.to !== 'string' || !ADDRESS.test(mail.to) || mail.to.length > 254) {
    throw new AppError(MailErrors.BAD_MESSAGE, 'the recipient must be one e-mail address', 400);
  }
  if (typeof mail.subject !== 'string' || !mail.subject.trim() || /[\r\n]/.test(mail.subject) || mail.subject.length > 200) {
    throw new AppError(MailErrors.BAD_MESSAGE, 'the subject must be one non-empty line of at most 200 characters', 400);
  }
  if (typeof mail.text !== 'string') throw new AppError(MailErrors.BAD_MESSAGE, 'the message needs a text body', 400);
}

export async function sendMail(ctx: MailContext, mail: Mail): Promise<SentMail> {
  validateMail(mail);
  const url = ctx.config.SMTP_URL;
  if (!url) {
    const id = await q.insertOutbox(ctx.db, { to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? null, transport: 'outbox' });
    return { id, transport: 'outbox' };
  }
  let messageId: string | undefined;
  try {
    const info = await transportFor(url).sendMail({ from: ctx.config.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    messageId = info.messageId;
  } catch (err) {
    // The SMTP error text may quote the address: keep it out of the message.
    const code = (err as { responseCode?: number; code?: string }).responseCode ?? (err as { code?: string }).code ?? 'error';
    throw new AppError(MailErrors.SEND_FAILED, `the SMTP server did not accept the message (${code})`, 502);
  }
  // A record of the send, without the body (it may hold a one-time link).
  const id = await q.insertOutbox(ctx.db, { to: mail.to, subject: mail.subject, text: null, html: null, transport: 'smtp', messageId });
  return { id, transport: 'smtp' };
}

export interface OutboxEntry {
  id: number;
  createdAt: string;
  to: string;
  subject: string;
  text: string | null;
  html: string | null;
  transport: 'outbox' | 'smtp';
  sentAt: string | null;
}

/** The outbox, newest first; `before` pages on by id. */
export async function listOutbox(db: Db, options: { limit?: number; before?: number } = {}): Promise<OutboxEntry[]> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  return (await q.listOutbox(db, limit, options.before)).map((r) => ({
    id: Number(r.id),
    createdAt: new Date(r.created_at).toISOString(),
    to: r.to_address,
    subject: r.subject,
    text: r.body_text,
    html: r.body_html,
    transport: r.transport,
    sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
  }));
}
