// The reference graph of a data map (child → parent), pure: cycles, descendants, and the SQL that
// walks from a row up to its subject's root row.
import type { DataMap, MappedTable } from './model.ts';

/** Each cycle as the list of tables along it, e.g. ["a", "b", "a"]. */
export function findCycles(tables: Map<string, MappedTable>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      cycles.push([...stack.slice(stack.indexOf(name)), name]);
      return;
    }
    state.set(name, 'visiting');
    stack.push(name);
    for (const ref of tables.get(name)?.references ?? []) if (tables.has(ref.table)) visit(ref.table);
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of tables.keys()) visit(name);
  return cycles;
}

export interface Child {
  table: MappedTable;
  /** The reference from this child to its parent. */
  column: string;
  parent: string;
  onDelete: 'delete' | 'detach';
  depth: number;
}

/** Tables below `root` (following references downwards), deepest first: the order to delete in. */
export function descendants(map: DataMap, root: string): Child[] {
  const out: Child[] = [];
  const walk = (parent: string, depth: number, seen: Set<string>) => {
    for (const t of map.tables.values()) {
      for (const ref of t.references) {
        if (ref.table !== parent || seen.has(t.name)) continue;
        out.push({ table: t, column: ref.column, parent, onDelete: ref.onDelete, depth });
        // Detached children keep their own rows: nothing below them goes with the parent.
        if (ref.onDelete === 'delete') walk(t.name, depth + 1, new Set([...seen, t.name]));
      }
    }
  };
  walk(root, 1, new Set([root]));
  return out.sort((a, b) => b.depth - a.depth);
}

/**
 * SQL selecting the key column of `child` rows that belong to parent rows whose keys are in `keysSql`
 * (an SQL expression of an array), following the chain child → … → root.
 */
export function childKeysIn(map: DataMap, child: Child, root: string, keysSql: string): string {
  const chain: { table: string; column: string }[] = [];
  let current: Child | undefined = child;
  const all = descendants(map, root);
  while (current) {
    chain.push({ table: current.table.name, column: current.column });
    const parentName: string = current.parent;
    current = parentName === root ? undefined : all.find((c) => c.table.name === parentName);
  }
  // chain[0] is the child itself; the last element references the root.
  let sql = keysSql;
  for (let i = chain.length - 1; i >= 1; i--) {
    const t = map.tables.get(chain[i].table)!;
    sql = `array(select "${t.key}" from ${qualified(t)} where "${chain[i].column}" = any(${sql}))`;
  }
  return sql;
}

export function qualified(t: MappedTable): string {
  return `"${t.connection.schema}"."${t.name}"`;
}

/** The ancestors of a table, nearest first, with the column path to reach each one. */
export function ancestors(map: DataMap, table: MappedTable): { table: MappedTable; via: string }[] {
  const out: { table: MappedTable; via: string }[] = [];
  let current = table;
  const seen = new Set([table.name]);
  for (;;) {
    const ref = current.references.find((r) => r.onDelete === 'delete' && map.tables.has(r.table));
    if (!ref || seen.has(ref.table)) return out;
    const parent = map.tables.get(ref.table)!;
    out.push({ table: parent, via: ref.column });
    seen.add(parent.name);
    current = parent;
  }
}
