// `custodian demo seed`: the synthetic Ksaar application database (examples/ksaar/app-db/schema.sql),
// filled by generate_series SQL. Every value comes from a fixed-seed hash of the row number
// (hashint8extended), so the same --subjects gives the same people, and dates are spread over the
// ~8 years before the day of seeding (some accounts closed, prospects with last contacts, logins, invoices).
import { readFileSync } from 'node:fs';
import type { Db } from '../store/db.ts';
import { splitStatements } from '../store/migrate.ts';

export const schemaFile = new URL('../../examples/ksaar/app-db/schema.sql', import.meta.url);
export const demoTables = ['reviews', 'support_messages', 'login_logs', 'invoices', 'subscriptions', 'prospects', 'customers', 'users'];

/** A uniform number in [0, 1) from row number `i` and a salt: the fixed-seed PRNG. */
const r = (i: string, salt: number) => `((hashint8extended(${i}, ${salt}) & 9007199254740991)::float8 / 9007199254740992)`;
const pick = (list: string[], i: string, salt: number) =>
  `(array[${list.map((v) => `'${v}'`).join(',')}])[1 + floor(${r(i, salt)} * ${list.length})::int]`;

const FIRST = ['Camille', 'Louis', 'Léa', 'Hugo', 'Chloé', 'Lucas', 'Manon', 'Gabriel', 'Inès', 'Arthur', 'Jade', 'Jules', 'Zoé', 'Adam', 'Emma', 'Nathan'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel'];
const COMPANY = ['Acme SAS', 'Bleu Azur SARL', 'Nordique SA', 'Atelier Lumière', 'Datagri', 'Helios Conseil', 'Maison Verte', 'Octave & Fils'];
const AGENTS = ['Mozilla/5.0 (Windows NT 10.0) Firefox/128.0', 'Mozilla/5.0 (Macintosh) Safari/17.4', 'Mozilla/5.0 (X11; Linux) Chrome/126.0', 'Mozilla/5.0 (iPhone) Mobile/15E148'];

export interface SeedOptions {
  subjects: number;
  /** The day the data is relative to (default: today, 00:00 UTC). */
  anchor?: Date;
  onProgress?: (table: string, ms: number) => void;
}

export interface SeedResult {
  counts: Record<string, number>;
  ms: number;
}

/** Drops and recreates the demo tables, then fills them. */
export async function seedDemo(db: Db, options: SeedOptions): Promise<SeedResult> {
  const n = Math.floor(options.subjects);
  if (!(n >= 1)) throw new Error('--subjects must be a positive integer');
  const anchor = options.anchor ?? new Date(new Date().toISOString().slice(0, 10));
  const t0 = performance.now();
  await db.exec(`drop table if exists ${demoTables.join(', ')} cascade`);
  // Tables first, indexes after the load (several times faster than maintaining them row by row).
  const statements = splitStatements(readFileSync(schemaFile, 'utf8'));
  const isIndex = (s: string) => /^create (unique )?index/i.test(s);
  for (const s of statements.filter((s) => !isIndex(s))) await db.exec(s);
  const span = `interval '8 years'`;
  const a = `'${anchor.toISOString()}'::timestamptz`;
  const steps: [string, string][] = [
    [
      'users',
      // 30 % of accounts are closed, at a date between their opening and today; 0.2 % are under legal hold.
      `insert into users (id, email, password_hash, first_name, last_name, phone, birth_date, locale, created_at, last_login_at, closed_at, legal_hold)
       select i, 'user' || i || '@example.test', 'argon2id$' || md5(i::text),
         ${pick(FIRST, 'i', 1)}, ${pick(LAST, 'i', 2)},
         '+33 6 ' || lpad((floor(${r('i', 3)} * 100000000))::int::text, 8, '0'),
         date '1950-01-01' + floor(${r('i', 4)} * 18000)::int,
         case when ${r('i', 5)} < 0.8 then 'fr' else 'en' end,
         c, c + (e - c) * (0.2 + 0.8 * ${r('i', 7)}),
         case when ${r('i', 6)} < 0.3 then e end,
         ${r('i', 8)} < 0.002
       from generate_series(1, ${n}) i,
         lateral (select ${a} - ${span} * ${r('i', 9)} as c) cr,
         lateral (select case when ${r('i', 6)} < 0.3 then c + (${a} - c) * ${r('i', 10)} else ${a} end as e) er`,
    ],
    [
      'customers',
      `insert into customers (id, user_id, company, job_title, billing_name, billing_address, vat_number, created_at)
       select u.id, u.id, ${pick(COMPANY, 'u.id', 11)}, ${pick(['CEO', 'CTO', 'Office manager', 'Consultant', 'HR director'], 'u.id', 12)},
         u.first_name || ' ' || u.last_name, (1 + floor(${r('u.id', 13)} * 200))::int || ' rue de la République, Lyon',
         'FR' || lpad((floor(${r('u.id', 14)} * 1e11))::bigint::text, 11, '0'), u.created_at + interval '2 days'
       from users u where ${r('u.id', 15)} < 0.4`,
    ],
    [
      'subscriptions',
      `insert into subscriptions (id, customer_id, plan, started_at, ended_at, amount_cents)
       select c.id * 2 + k, c.id, ${pick(['starter', 'team', 'business'], 'c.id * 2 + k', 16)}, s, coalesce(u.closed_at, case when k = 1 then s + interval '1 year' end),
         (array[2900, 7900, 19900])[1 + floor(${r('c.id * 2 + k', 16)} * 3)::int]
       from customers c join users u on u.id = c.user_id, generate_series(0, 1) k,
         lateral (select c.created_at + (coalesce(u.closed_at, ${a}) - c.created_at) * (k * 0.5 * ${r('c.id', 17)}) as s) st
       where k = 0 or ${r('c.id', 18)} < 0.3`,
    ],
    [
      'invoices',
      // About six invoices per subscription, spread over its life; they keep their own billing identity.
      `insert into invoices (id, customer_id, subscription_id, number, billing_name, billing_address, amount_cents, issued_at)
       select s.id * 8 + k, s.customer_id, s.id, 'KS-' || (s.id * 8 + k), c.billing_name, c.billing_address, s.amount_cents,
         s.started_at + (coalesce(s.ended_at, ${a}) - s.started_at) * (k::float8 / 8)
       from subscriptions s join customers c on c.id = s.customer_id, generate_series(0, 7) k
       where ${r('s.id * 8 + k', 19)} < 0.75`,
    ],
    [
      'login_logs',
      // About ten logins per account, between its opening and its last login.
      `insert into login_logs (id, user_id, at, ip, user_agent)
       select u.id * 32 + k, u.id, u.created_at + (u.last_login_at - u.created_at) * case when k = 0 then 1 else ${r('u.id * 32 + k', 20)} end,
         ('10.' || floor(${r('u.id', 21)} * 256)::int || '.' || floor(${r('u.id * 32 + k', 22)} * 256)::int || '.' || floor(${r('u.id * 32 + k', 23)} * 254 + 1)::int)::inet,
         ${pick(AGENTS, 'u.id * 32 + k', 24)}
       from users u, generate_series(0, 19) k
       where k < 1 + floor(${r('u.id', 25)} * 20)`,
    ],
    [
      'support_messages',
      `insert into support_messages (id, user_id, sent_at, subject, body)
       select u.id * 4 + k, u.id, u.created_at + (coalesce(u.closed_at, ${a}) - u.created_at) * ${r('u.id * 4 + k', 26)},
         ${pick(['Invoice question', 'Cannot log in', 'Feature request', 'Export my data', 'Bug in form builder'], 'u.id * 4 + k', 27)},
         'Hello, this is ' || u.first_name || ' ' || u.last_name || '. Could you help me with my account?'
       from users u, generate_series(0, 3) k where ${r('u.id * 4 + k', 28)} < 0.125`,
    ],
    [
      'reviews',
      `insert into reviews (id, user_id, rating, comment, author_name, created_at)
       select u.id, u.id, 1 + floor(${r('u.id', 29)} * 5)::int,
         ${pick(['Great tool', 'Does the job', 'Support was quick', 'Too expensive', 'Lovely forms'], 'u.id', 30)},
         u.first_name || ' ' || left(u.last_name, 1) || '.', u.created_at + (coalesce(u.closed_at, ${a}) - u.created_at) * ${r('u.id', 31)}
       from users u where ${r('u.id', 32)} < 0.1`,
    ],
    [
      'prospects',
      // Half as many prospects as accounts; 60 % contacted us again after they were collected.
      `insert into prospects (id, email, first_name, last_name, company, phone, source, created_at, last_contact_at)
       select i, 'prospect' || i || '@example.test', ${pick(FIRST, 'i', 33)}, ${pick(LAST, 'i', 34)}, ${pick(COMPANY, 'i', 35)},
         '+33 1 ' || lpad((floor(${r('i', 36)} * 100000000))::int::text, 8, '0'),
         ${pick(['webinar', 'trade show', 'contact form', 'white paper'], 'i', 37)},
         c, case when ${r('i', 38)} < 0.6 then c + (${a} - c) * ${r('i', 39)} end
       from generate_series(1, ${Math.max(1, Math.floor(n / 2))}) i, lateral (select ${a} - ${span} * ${r('i', 40)} as c) cr`,
    ],
  ];
  for (const [table, sql] of steps) {
    const t = performance.now();
    await db.exec(sql);
    options.onProgress?.(table, performance.now() - t);
  }
  const ti = performance.now();
  for (const s of statements.filter(isIndex)) await db.exec(s);
  options.onProgress?.('indexes', performance.now() - ti);
  await db.exec(`analyze ${demoTables.join(', ')}`);
  const counts: Record<string, number> = {};
  for (const table of demoTables) counts[table] = (await db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;
  return { counts, ms: performance.now() - t0 };
}

/**
 * For `npm start` on the example policy: when the company database is the embedded demo one (no
 * APP_DATABASE_URL) and it has no tables yet, seed it (10 000 subjects, a few seconds). The database is
 * closed afterwards: plans and runs open it only while they work, so the CLI can use it too.
 */
export async function ensureDemoDatabase(env: Record<string, string | undefined> = process.env, subjects = 10_000): Promise<SeedResult | undefined> {
  if (env.APP_DATABASE_URL) return undefined;
  const { openUrl, resolveConnectionUrl } = await import('../datamap/connect.ts');
  const db = await openUrl(resolveConnectionUrl('env:APP_DATABASE_URL', env));
  try {
    const [{ n }] = await db.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'users'`);
    if (n > 0) return undefined;
    return await seedDemo(db, { subjects });
  } finally {
    await db.close();
  }
}
