-- The Ksaar application database (synthetic): what the company's own product stores about people.
-- Custodian reads and purges it through the data map in ../datamap/app.yaml; `custodian demo seed`
-- creates these tables and fills them with synthetic data.
create table users (
  id bigint primary key,
  email text not null unique,
  password_hash text not null,
  first_name text,
  last_name text,
  phone text,
  birth_date date,
  locale text not null default 'fr',
  created_at timestamptz not null,
  last_login_at timestamptz,
  closed_at timestamptz,
  legal_hold boolean not null default false
);

create table customers (
  id bigint primary key,
  user_id bigint not null references users (id),
  company text,
  job_title text,
  billing_name text,
  billing_address text,
  vat_number text,
  created_at timestamptz not null
);

create table prospects (
  id bigint primary key,
  email text not null,
  first_name text,
  last_name text,
  company text,
  phone text,
  source text not null,
  created_at timestamptz not null,
  last_contact_at timestamptz
);

create table subscriptions (
  id bigint primary key,
  customer_id bigint not null references customers (id),
  plan text not null,
  started_at timestamptz not null,
  ended_at timestamptz,
  amount_cents integer not null
);

-- Invoices are kept 10 years (Commercial Code): they carry their own copy of the billing identity and
-- are detached from the customer when the account is deleted.
create table invoices (
  id bigint primary key,
  customer_id bigint references customers (id),
  subscription_id bigint references subscriptions (id),
  number text not null,
  billing_name text not null,
  billing_address text,
  amount_cents integer not null,
  issued_at timestamptz not null
);

create table login_logs (
  id bigint primary key,
  user_id bigint references users (id),
  at timestamptz not null,
  ip inet,
  user_agent text
);

create table support_messages (
  id bigint primary key,
  user_id bigint not null references users (id),
  sent_at timestamptz not null,
  subject text not null,
  body text not null
);

create table reviews (
  id bigint primary key,
  user_id bigint not null references users (id),
  rating integer not null check (rating between 1 and 5),
  comment text,
  author_name text,
  created_at timestamptz not null
);

-- Foreign keys (deleting children first needs them) and the retention clocks (`custodian datamap check`
-- prints any that are missing).
create index customers_user_id on customers (user_id);
create index subscriptions_customer_id on subscriptions (customer_id);
create index invoices_customer_id on invoices (customer_id);
create index invoices_subscription_id on invoices (subscription_id);
create index login_logs_user_id on login_logs (user_id);
create index support_messages_user_id on support_messages (user_id);
create index reviews_user_id on reviews (user_id);
create index users_closed_at on users (closed_at, id);
create index prospects_last_contact on prospects ((greatest(created_at, last_contact_at)), id);
create index login_logs_at on login_logs (at, id);
create index invoices_issued_at on invoices (issued_at, id);
