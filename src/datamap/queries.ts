// Introspection of a company database (information_schema and pg_catalog).
import type { Queryable } from '../store/db.ts';

export interface ColumnInfo {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}

export async function listColumns(db: Queryable, schema: string): Promise<ColumnInfo[]> {
  return db.query<ColumnInfo>(
    `select table_name as "table", column_name as "column", data_type as type, is_nullable = 'YES' as nullable
       from information_schema.columns where table_schema = $1 order by table_name, ordinal_position`,
    [schema],
  );
}

/** The first key (column or expression) of every index of the schema's tables. */
export async function listIndexLeads(db: Queryable, schema: string): Promise<{ table: string; index: string; lead: string }[]> {
  return db.query(
    `select c.relname as "table", i.relname as index, pg_get_indexdef(x.indexrelid, 1, true) as lead
       from pg_index x join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
       join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1`,
    [schema],
  );
}

export async function listForeignKeys(db: Queryable, schema: string): Promise<{ table: string; column: string; parent: string }[]> {
  return db.query(
    `select kcu.table_name as "table", kcu.column_name as "column", ccu.table_name as parent
       from information_schema.table_constraints tc
       join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
       join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = $1`,
    [schema],
  );
}

export async function listPrimaryKeys(db: Queryable, schema: string): Promise<{ table: string; column: string }[]> {
  return db.query(
    `select kcu.table_name as "table", kcu.column_name as "column"
       from information_schema.table_constraints tc
       join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
      where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = $1`,
    [schema],
  );
}
