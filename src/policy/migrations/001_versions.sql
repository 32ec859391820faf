-- Published policy versions: what was in force, from when. Never updated, never deleted.
create table policy_versions (
  id integer primary key,
  hash text not null,
  effective date not null,
  published_at timestamptz not null default now(),
  note text,
  -- json (not jsonb) keeps the document's key order: categories and purposes render in the order written.
  document json not null,
  source text not null
);
create index policy_versions_effective on policy_versions (effective, id);
