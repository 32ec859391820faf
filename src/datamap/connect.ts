// Opens the company databases a data map names. `env:VAR` reads the URL from the environment; when
// `APP_DATABASE_URL` is unset, the embedded demo database (`<CUSTODIAN_DATA_DIR>/app-db`) is used.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.ts';
import { type Db, openPglite, openPostgres } from '../store/db.ts';
import { DatamapErrors } from './errors.ts';
import type { Connection, DataMap } from './model.ts';

export function demoDataDir(env: Record<string, string | undefined> = process.env): string {
  return join(env.CUSTODIAN_DATA_DIR || '.custodian', 'app-db');
}

/** Where a connection points: a postgres URL, or a PGlite data directory. */
export function resolveConnectionUrl(url: string, env: Record<string, string | undefined> = process.env): string {
  if (url.startsWith('env:')) {
    const name = url.slice(4);
    const value = env[name];
    if (value) return value;
    if (name === 'APP_DATABASE_URL') return `pglite:${demoDataDir(env)}`;
    throw new AppError(DatamapErrors.CONNECTION_FAILED, `the data map reads its database URL from ${name}, which is not set`, 500);
  }
  return url;
}

/** Opens a database from a postgres:// URL or `pglite:DIR` (`pglite:memory` for an in-memory one). */
export async function openUrl(url: string): Promise<Db> {
  try {
    if (url.startsWith('pglite:')) {
      const dir = url.slice(7);
      if (dir === 'memory') return await openPglite();
      mkdirSync(dir, { recursive: true });
      return await openPglite(dir);
    }
    return await openPostgres(url, 4);
  } catch (err) {
    // The URL may carry a password: name only its scheme and host.
    const safe = url.replace(/\/\/[^@/]*@/, '//***@');
    throw new AppError(DatamapErrors.CONNECTION_FAILED, `cannot open ${safe}: ${(err as Error).message}`, 500);
  }
}

export type Connections = Map<string, Db>;

/** Opens every connection of the map (or uses the ones given, e.g. by tests). */
export async function openConnections(map: DataMap, given?: Connections, urlOverride?: string): Promise<Connections> {
  const out: Connections = new Map(given);
  for (const c of map.connections.values()) {
    if (out.has(c.name)) continue;
    out.set(c.name, await openUrl(urlOverride ?? resolveConnectionUrl(c.url)));
  }
  return out;
}

export async function closeConnections(connections: Connections, keep?: Connections): Promise<void> {
  for (const [name, db] of connections) if (!keep?.has(name)) await db.close();
}

export function connectionOf(connections: Connections, c: Connection): Db {
  const db = connections.get(c.name);
  if (!db) throw new AppError(DatamapErrors.CONNECTION_FAILED, `connection "${c.name}" is not open`, 500);
  return db;
}
