// One small query layer over PGlite (embedded default) and PostgreSQL. Modules keep their SQL in
// plain named functions (queries.ts) and call `query`; both backends speak the same Postgres SQL.
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface Queryable {
  query<T = Record<string, any>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /** The underlying driver, for pg-boss. */
  readonly raw: PGlite | pg.Pool;
}

// int8 and numeric come back as strings from pg; counts in this code base fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export async function openPostgres(url: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {}); // an idle client's error must not crash the process; the next query reports it
  await pool.query('select 1');
  let closed = false;
  return {
    kind: 'postgres',
    raw: pool,
    async query(sql, params) {
      return (await pool.query(sql, params as any[])).rows;
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn({ query: async (s, p) => (await client.query(s, p as any[])).rows });
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

export async function openPglite(dataDir?: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const lite = await PGlite.create(dataDir ? { dataDir } : {});
  let closed = false;
  return {
    kind: 'pglite',
    raw: lite,
    async query(sql, params) {
      return (await lite.query(sql, params as any[])).rows as any[];
    },
    async exec(sql) {
      await lite.exec(sql);
    },
    async transaction(fn) {
      // PGlite serialises transactions on its single connection.
      return lite.transaction(async (tx) => fn({ query: async (s, p) => (await tx.query(s, p as any[])).rows as any[] }));
    },
    async close() {
      if (closed) return;
      closed = true;
      await lite.close();
    },
  };
}
