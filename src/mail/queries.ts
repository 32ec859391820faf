// SQL of the mail module: the outbox.
import type { Queryable } from '../store/db.ts';

export interface OutboxRow {
  id: number;
  created_at: Date;
  to_address: string;
  subject: string;
  body_text: string | null;
  body_html: string | null;
  transport: 'outbox' | 'smtp';
  sent_at: Date | null;
  message_id: string | null;
}

export async function insertOutbox(
  db: Queryable,
  m: { to: string; subject: string; text: string | null; html: string | null; transport: 'outbox' | 'smtp'; messageId?: string },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `insert into mail_outbox (to_address, subject, body_text, body_html, transport, sent_at, message_id)
     values ($1, $2, $3, $4, $5, case when $5 = 'smtp' then now() end, $6) returning id`,
    [m.to, m.subject, m.text, m.html, m.transport, m.messageId ?? null],
  );
  return Number(row.id);
}

export async function listOutbox(db: Queryable, limit: number, before?: number): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(
    `select * from mail_outbox where ($2::bigint is null or id < $2) order by id desc limit $1`,
    [limit, before ?? null],
  );
}
