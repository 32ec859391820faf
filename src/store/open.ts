// Opens Custodian's own store from the configuration and brings its schema up to date.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { migrationSources } from '../modules.ts';
import { type Db, openPglite, openPostgres } from './db.ts';
import { migrate } from './migrate.ts';

export async function openStore(config: Pick<Config, 'DATABASE_URL' | 'CUSTODIAN_DATA_DIR'>): Promise<Db> {
  let db: Db;
  if (config.DATABASE_URL) {
    db = await openPostgres(config.DATABASE_URL);
  } else {
    const dir = join(config.CUSTODIAN_DATA_DIR, 'store');
    mkdirSync(dir, { recursive: true });
    db = await openPglite(dir);
  }
  try {
    await migrate(db, migrationSources());
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
