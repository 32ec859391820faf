// pg-boss on Custodian's own database: PostgreSQL directly, or the embedded PGlite through its adapter.
import { PgBoss, fromPglite } from 'pg-boss';
import type { PGlite } from '@electric-sql/pglite';
import type { Db } from './db.ts';

export async function startJobs(db: Db, databaseUrl?: string): Promise<PgBoss> {
  const boss =
    db.kind === 'postgres' && databaseUrl
      ? new PgBoss({ connectionString: databaseUrl, max: 4 })
      : new PgBoss({ db: fromPglite(db.raw as PGlite) });
  boss.on('error', (err: Error) => console.error(`custodian: job queue error: ${err.message}`));
  await boss.start();
  return boss;
}
