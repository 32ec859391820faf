-- Retention runs (the evidence) and legal holds.
create table retention_runs (
  id text primary key,
  rule text not null,
  policy_hash text not null,
  policy_version text,
  trigger text not null,
  now_at timestamptz not null,
  steps jsonb not null,
  status text not null check (status in ('running', 'done', 'failed')),
  counts jsonb not null default '{}',
  errors jsonb not null default '[]',
  batches integer not null default 0,
  longest_batch_ms real not null default 0,
  resumed integer not null default 0,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index retention_runs_rule on retention_runs (rule, started_at desc);
create unique index retention_runs_one_running on retention_runs (rule) where status = 'running';

create table retention_holds (
  id integer generated always as identity primary key,
  subject text not null,
  reason text not null,
  until timestamptz,
  created_at timestamptz not null default now(),
  released_at timestamptz
);
create index retention_holds_active on retention_holds (subject) where released_at is null;
