-- Staff accounts, roles (clearance), one-time links, sessions, TOTP recovery codes, API keys, sign-in
-- failures (rate limiting and lockout) and the audit of every change. Secrets are stored hashed only.
create table staff (
  id text primary key,
  email text not null,
  password_hash text,
  active boolean not null default true,
  totp_secret text,
  totp_enabled boolean not null default false,
  totp_last_step bigint,
  confidentiality_acknowledged_at timestamptz,
  training_date date,
  created_at timestamptz not null default now(),
  deactivated_at timestamptz
);
create unique index staff_email on staff (lower(email));

create table staff_roles (
  staff_id text not null references staff (id),
  role text not null,
  granted_at timestamptz not null default now(),
  primary key (staff_id, role)
);

-- One-time links: set-password (invitation), reset, and the first admin's setup (no staff yet).
create table staff_links (
  token_hash text primary key,
  staff_id text references staff (id),
  purpose text not null check (purpose in ('set_password', 'reset', 'setup')),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index staff_links_staff on staff_links (staff_id);

create table staff_sessions (
  id_hash text primary key,
  staff_id text not null references staff (id),
  -- A session waiting for its TOTP step grants nothing.
  mfa_pending boolean not null default false,
  mfa_failures integer not null default 0,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index staff_sessions_staff on staff_sessions (staff_id);

create table staff_recovery_codes (
  staff_id text not null references staff (id),
  code_hash text not null,
  used_at timestamptz,
  primary key (staff_id, code_hash)
);

create table api_keys (
  id text primary key,
  name text not null,
  role text not null,
  secret_hash text not null unique,
  -- The first characters of the key, so an admin can tell keys apart ("cus_AbCd…").
  hint text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Failed sign-ins, keyed by a hash of the e-mail address (known or not) or of the client IP.
create table access_failures (
  key text not null,
  at timestamptz not null default now()
);
create index access_failures_key on access_failures (key, at);

-- Who changed what, when: staff ids and role names only, no clear personal data.
create table access_audit (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  staff_id text,
  action text not null,
  detail jsonb not null default '{}'
);
create index access_audit_staff on access_audit (staff_id, id);
