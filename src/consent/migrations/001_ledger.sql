-- The consent ledger: one row per consent event, partitioned by month of receipt so that expired months
-- are dropped whole. Event ids are unique across partitions through consent_event_ids (a unique
-- constraint on a partitioned table must include the partition key, which a client's retry does not fix).
create table consent_event_ids (
  event_id uuid primary key,
  received_at timestamptz not null
);
create index consent_event_ids_received on consent_event_ids (received_at);

create table consent_events (
  event_id uuid not null,
  received_at timestamptz not null,
  consent_id uuid not null,
  property text not null,
  action text not null,
  choices jsonb not null,
  services jsonb,
  policy_version integer not null,
  banner_hash text not null,
  locale text not null,
  gpc boolean not null,
  ip_prefix text,
  browser text not null
) partition by range (received_at);
create index consent_events_consent on consent_events (consent_id, received_at);
create index consent_events_received on consent_events (received_at, event_id);

-- Creates the monthly partitions covering [from's month, from's month + months).
create function consent_ensure_partitions(start_at timestamptz, months integer) returns integer
language plpgsql as $$
declare
  m date := date_trunc('month', start_at at time zone 'UTC')::date;
  made integer := 0;
  name text;
begin
  for i in 0 .. months - 1 loop
    name := 'consent_events_y' || to_char(m, 'YYYY') || 'm' || to_char(m, 'MM');
    if to_regclass(name) is null then
      execute format(
        'create table %I partition of consent_events for values from (%L) to (%L)',
        name, (m::timestamp at time zone 'UTC'), ((m + interval '1 month')::timestamp at time zone 'UTC'));
      made := made + 1;
    end if;
    m := (m + interval '1 month')::date;
  end loop;
  return made;
end $$;

select consent_ensure_partitions(now() - interval '1 month', 4);

-- Daily rollups, maintained in the same statement as the insert: statistics never scan the raw ledger.
-- Counters are striped by `slot` so that batches committing at the same time (several per instance,
-- several instances) do not wait on each other's row locks; statistics add the slots up.
create table consent_daily_choices (
  day date not null,
  property text not null,
  category text not null,
  granted boolean not null,
  slot smallint not null default 0,
  count bigint not null,
  primary key (day, property, category, granted, slot)
);

create table consent_daily_actions (
  day date not null,
  property text not null,
  action text not null,
  slot smallint not null default 0,
  count bigint not null,
  primary key (day, property, action, slot)
);

-- Every banner configuration served, by hash: proof of what the visitor saw.
create table banner_versions (
  hash text primary key,
  property text not null,
  locale text not null,
  policy_version integer not null,
  config jsonb not null,
  first_served timestamptz not null default now()
);
