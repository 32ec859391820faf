-- Mail Custodian sends. Without SMTP_URL, messages stay here and admins read them in the console
-- (/console/api/outbox); with SMTP, only a record of the send (no body) is kept.
create table mail_outbox (
  id bigserial primary key,
  created_at timestamptz not null default now(),
  to_address text not null,
  subject text not null,
  body_text text,
  body_html text,
  transport text not null check (transport in ('outbox', 'smtp')),
  sent_at timestamptz,
  message_id text
);
create index mail_outbox_created on mail_outbox (created_at desc, id desc);
