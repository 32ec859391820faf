// For commands that need Custodian's store: open it from the environment's configuration, run, close.
import { type Config, loadConfig } from '../config.ts';
import type { Db } from '../store/db.ts';
import { openStore } from '../store/open.ts';

export async function withStore<T>(fn: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openStore(config);
  try {
    return await fn(db, config);
  } finally {
    await db.close();
  }
}
