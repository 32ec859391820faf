// Validates a data map against the live databases: tables, columns, types, clocks that are timestamps,
// anonymisations that fit their column, and an index led by each clock (printing the CREATE INDEX).
import type { Queryable } from '../store/db.ts';
import type { Connections } from './connect.ts';
import { qualified } from './graph.ts';
import { type Anonymiser, clockTokens, type DataMap, type MappedTable } from './model.ts';
import { type ColumnInfo, listColumns, listIndexLeads } from './queries.ts';

export interface CheckProblem {
  table: string;
  where: string; // file:line of the table
  message: string;
}

export interface CheckResult {
  problems: CheckProblem[];
  /** CREATE INDEX statements for clocks without an index (a warning: retention still works, slowly). */
  missingIndexes: string[];
  /** Column types per table, for the engine (key casts). */
  types: Map<string, Map<string, ColumnInfo>>;
}

const TIME_TYPES = ['timestamp with time zone', 'timestamp without time zone', 'date'];
const TEXT_TYPES = ['text', 'character varying', 'character'];

export function anonymiserFits(a: Anonymiser, col: ColumnInfo): string | undefined {
  if (a === 'null') return col.nullable ? undefined : 'is NOT NULL: give it a constant or a hash instead of null';
  if (a === 'hash') return TEXT_TYPES.includes(col.type) ? undefined : `is ${col.type}: a keyed hash needs a text column`;
  if (a === 'month' || a === 'year') return TIME_TYPES.includes(col.type) ? undefined : `is ${col.type}: ${a} generalises dates only`;
  if (a === 'ip') return col.type === 'inet' || TEXT_TYPES.includes(col.type) ? undefined : `is ${col.type}: IP truncation needs inet or text`;
  return undefined;
}

const norm = (s: string) => s.toLowerCase().replace(/[\s()"]/g, '');

export async function checkDataMap(map: DataMap, connections: Connections): Promise<CheckResult> {
  const problems: CheckProblem[] = [];
  const missingIndexes: string[] = [];
  const types = new Map<string, Map<string, ColumnInfo>>();
  const cache = new Map<string, { columns: ColumnInfo[]; leads: { table: string; lead: string }[] }>();
  for (const t of map.tables.values()) {
    const db = connections.get(t.connection.name) as Queryable;
    const cacheKey = `${t.connection.name}/${t.connection.schema}`;
    if (!cache.has(cacheKey)) {
      cache.set(cacheKey, { columns: await listColumns(db, t.connection.schema), leads: await listIndexLeads(db, t.connection.schema) });
    }
    const { columns, leads } = cache.get(cacheKey)!;
    const cols = new Map(columns.filter((c) => c.table === t.name).map((c) => [c.column, c]));
    types.set(t.name, cols);
    const where = `${t.file}`;
    const bad = (message: string) => problems.push({ table: t.name, where, message: `${t.name}: ${message}` });
    if (cols.size === 0) {
      bad(`no table "${t.connection.schema}.${t.name}" in the database`);
      continue;
    }
    const need = (column: string, role: string) => {
      const c = cols.get(column);
      if (!c) bad(`${role} column "${column}" does not exist`);
      return c;
    };
    need(t.key, 'key');
    for (const c of t.identity) need(c, 'identity');
    for (const c of Object.keys(t.columns)) need(c, 'categorised');
    for (const ref of t.references) {
      const c = need(ref.column, 'reference');
      const parent = map.tables.get(ref.table);
      const parentKey = parent && types.get(parent.name)?.get(parent.key);
      if (c && parentKey && c.type !== parentKey.type) bad(`reference "${ref.column}" is ${c.type} but ${ref.table}.${parent!.key} is ${parentKey.type}`);
      if (c && ref.onDelete === 'detach' && !c.nullable) bad(`reference "${ref.column}" is detached on delete but NOT NULL`);
    }
    if (t.hold) {
      const c = need(t.hold, 'hold');
      if (c && c.type !== 'boolean') bad(`hold column "${t.hold}" is ${c.type}, not boolean`);
    }
    for (const [event, expr] of Object.entries(t.clocks)) {
      for (const column of clockTokens(expr).columns) {
        const c = need(column, `clock ${event}`);
        if (c && !TIME_TYPES.includes(c.type)) bad(`clock ${event}: column "${column}" is ${c.type}, not a timestamp or date`);
      }
      const indexed = leads.some((l) => l.table === t.name && norm(l.lead) === norm(expr));
      if (!indexed) {
        const keyExpr = /^[a-z_][a-z0-9_]*$/.test(expr) ? `"${expr}"` : `(${expr})`;
        missingIndexes.push(`create index concurrently ${t.name}_${event}_retention on ${qualified(t)} (${keyExpr}, "${t.key}");`);
      }
    }
    for (const column of Object.keys(t.columns)) {
      const c = cols.get(column);
      const a = t.anonymise[column] ?? 'null';
      const misfit = c && anonymiserFits(a, c);
      if (misfit && !isKeyOrReference(t, column)) bad(`anonymisation of "${column}" (${typeof a === 'string' ? a : 'constant'}): the column ${misfit}`);
    }
  }
  return { problems, missingIndexes, types };
}

function isKeyOrReference(t: MappedTable, column: string): boolean {
  return column === t.key || t.references.some((r) => r.column === column);
}
