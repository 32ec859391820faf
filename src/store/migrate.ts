// Versioned SQL migrations, one folder per module (`src/<module>/migrations/NNN_name.sql`).
// Each file runs in its own transaction; an advisory lock makes two instances starting at once safe.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db.ts';

const LOCK_KEY = 0x43555354; // "CUST"

export interface MigrationSource {
  module: string;
  dir: string;
}

export interface Migration {
  module: string;
  name: string;
  sql: string;
}

export function listMigrations(sources: MigrationSource[]): Migration[] {
  const out: Migration[] = [];
  for (const { module, dir } of sources) {
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f));
    } catch {
      continue; // a module without migrations
    }
    for (const name of files.sort()) out.push({ module, name, sql: readFileSync(join(dir, name), 'utf8') });
  }
  return out;
}

/** Applies pending migrations; returns the ones it applied, in order. */
export async function migrate(db: Db, sources: MigrationSource[]): Promise<string[]> {
  const migrations = listMigrations(sources);
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    // A transaction-level lock: a second instance waits here until the first has committed everything.
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.query(`create table if not exists custodian_migrations (
      module text not null, name text not null, applied_at timestamptz not null default now(),
      primary key (module, name))`);
    const done = new Set(
      (await tx.query<{ module: string; name: string }>('select module, name from custodian_migrations')).map(
        (r) => `${r.module}/${r.name}`,
      ),
    );
    for (const m of migrations) {
      const id = `${m.module}/${m.name}`;
      if (done.has(id)) continue;
      // Savepoint per file: a failing migration names itself and leaves nothing half-applied.
      await tx.query(`savepoint m`);
      try {
        for (const statement of splitStatements(m.sql)) await tx.query(statement);
      } catch (err) {
        throw new Error(`migration ${id} failed: ${(err as Error).message}`);
      }
      await tx.query(`release savepoint m`);
      await tx.query('insert into custodian_migrations (module, name) values ($1, $2)', [m.module, m.name]);
      applied.push(id);
    }
  });
  return applied;
}

/** Splits a migration file on semicolons at line ends, keeping $$-quoted bodies whole. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    if (/^\s*--/.test(line) && !inDollar) continue;
    const dollars = line.match(/\$\$/g)?.length ?? 0;
    if (dollars % 2 === 1) inDollar = !inDollar;
    current += `${line}\n`;
    if (!inDollar && /;\s*$/.test(line)) {
      if (current.trim()) out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
