// Integration tests get a fresh, migrated store: in-memory PGlite, or — when DATABASE_URL is set —
// a new PostgreSQL database of their own (so test files can run in parallel), dropped at close.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Db, openPglite, openPostgres } from './db.ts';
import { migrate } from './migrate.ts';
import { migrationSources } from '../modules.ts';

export const onPostgres = Boolean(process.env.DATABASE_URL);
export const backendName = onPostgres ? 'PostgreSQL' : 'PGlite';

export interface TestDb extends Db {
  /** A connection string for this test database (PostgreSQL only), e.g. for a child process. */
  url?: string;
}

export async function testDb(options: { migrate?: boolean } = {}): Promise<TestDb> {
  let db: TestDb;
  if (onPostgres) {
    const url = await createTestDatabase();
    db = Object.assign(await openPostgres(url), { url });
    const close = db.close.bind(db);
    db.close = async () => {
      await close();
      await dropTestDatabase(url);
    };
  } else {
    db = await openPglite();
  }
  if (options.migrate !== false) await migrate(db, migrationSources());
  return db;
}

export async function createTestDatabase(): Promise<string> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `custodian_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  base.pathname = `/${name}`;
  return base.toString();
}

export async function dropTestDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  target.pathname = new URL(process.env.DATABASE_URL!).pathname;
  const admin = new pg.Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}
