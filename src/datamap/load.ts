// Loads the data-map files a policy lists: YAML → zod → references to the policy and between tables.
// Every problem names file:line:column and the path, like the policy loader.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Document, isMap, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import { type LoadProblem, PolicyLoadError, formatPath } from '../policy/load.ts';
import type { Policy } from '../policy/model.ts';
import { DatamapErrors } from './errors.ts';
import { findCycles } from './graph.ts';
import { allowedClockFunctions, clockTokens, type Connection, type DataMap, dataMapFileSchema, type MappedTable } from './model.ts';

export class DataMapError extends PolicyLoadError {}

interface Parsed {
  file: string;
  doc: Document;
  lines: LineCounter;
}

function pos(p: Parsed, path: (string | number)[]): { line: number; column: number } {
  for (let i = path.length; i >= 0; i--) {
    const node = p.doc.getIn(path.slice(0, i), true) as { range?: [number, number] } | undefined;
    if (node?.range) {
      const lc = p.lines.linePos(node.range[0]);
      return { line: lc.line, column: lc.col };
    }
  }
  return { line: 1, column: 1 };
}

function keyPos(p: Parsed, path: (string | number)[], key: string): { line: number; column: number } {
  const node = path.length === 0 ? p.doc.contents : p.doc.getIn(path, true);
  if (isMap(node)) {
    for (const item of node.items) {
      if (isPair(item) && isScalar(item.key) && item.key.value === key && item.key.range) {
        const lc = p.lines.linePos(item.key.range[0]);
        return { line: lc.line, column: lc.col };
      }
    }
  }
  return pos(p, path);
}

/** Loads the policy's data map (paths relative to the policy file). */
export function loadDataMap(policy: Policy, policyFile: string): DataMap {
  return loadDataMapFiles(
    policy.datamap.map((f) => resolve(dirname(policyFile), f)),
    policy,
  );
}

export function loadDataMapFiles(files: string[], policy?: Policy): DataMap {
  return parseDataMaps(
    files.map((file) => {
      try {
        return { file, source: readFileSync(file, 'utf8') };
      } catch (err) {
        throw new DataMapError(DatamapErrors.FILE_UNREADABLE, [
          { file, line: 0, column: 0, path: '', message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})` },
        ]);
      }
    }),
    policy,
  );
}

export function parseDataMaps(sources: { file: string; source: string }[], policy?: Policy): DataMap {
  const map: DataMap = { files: sources.map((s) => s.file), tables: new Map(), connections: new Map() };
  const problems: LoadProblem[] = [];
  const where = new Map<string, { parsed: Parsed; path: (string | number)[] }>();
  let code: string = DatamapErrors.INVALID;
  for (const { file, source } of sources) {
    const lines = new LineCounter();
    const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const parsed: Parsed = { file, doc, lines };
    if (doc.errors.length > 0) {
      throw new DataMapError(
        DatamapErrors.YAML_SYNTAX,
        doc.errors.map((e) => {
          const lc = lines.linePos(e.pos[0]);
          return { file, line: lc.line, column: lc.col, path: '', message: e.message.split('\n')[0] };
        }),
      );
    }
    const result = dataMapFileSchema.safeParse(doc.toJS());
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
        const full = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0]] : path;
        const message = issue.code === 'unrecognized_keys' ? `unknown key "${issue.keys.join('", "')}"` : issue.message;
        const at = issue.code === 'unrecognized_keys' ? keyPos(parsed, path, issue.keys[0]) : pos(parsed, full);
        problems.push({ file, ...at, path: formatPath(full), message });
      }
      continue;
    }
    const data = result.data;
    const connection: Connection = { ...data.connection };
    const known = map.connections.get(connection.name);
    if (known && (known.url !== connection.url || known.schema !== connection.schema)) {
      problems.push({ file, ...pos(parsed, ['connection', 'name']), path: 'connection.name', message: `connection "${connection.name}" is defined differently in another file` });
    }
    map.connections.set(connection.name, connection);
    for (const [name, t] of Object.entries(data.tables)) {
      if (map.tables.has(name)) {
        problems.push({ file, ...pos(parsed, ['tables', name]), path: `tables.${name}`, message: `table "${name}" is mapped twice` });
        continue;
      }
      const table: MappedTable = {
        name,
        file,
        connection,
        subject: t.subject,
        key: t.key,
        identity: t.identity,
        references: Object.entries(t.references).map(([column, r]) =>
          typeof r === 'string' ? { column, table: r, onDelete: 'delete' as const } : { column, table: r.table, onDelete: r.on_delete },
        ),
        columns: t.columns,
        clocks: t.clocks,
        hold: t.hold,
        anonymise: t.anonymise,
      };
      map.tables.set(name, table);
      where.set(name, { parsed, path: ['tables', name] });
    }
  }
  if (problems.length > 0) throw new DataMapError(code, problems);

  const at = (table: string, ...rest: (string | number)[]) => {
    const w = where.get(table)!;
    const path = [...w.path, ...rest];
    return { file: w.parsed.file, ...pos(w.parsed, path), path: formatPath(path) };
  };
  code = DatamapErrors.UNDEFINED_REFERENCE;
  const events = new Set(policy?.retention.map((r) => r.clock) ?? []);
  for (const t of map.tables.values()) {
    if (policy && !policy.subjects[t.subject]) problems.push({ ...at(t.name, 'subject'), message: `subject "${t.subject}" is not defined in the policy` });
    for (const [column, category] of Object.entries(t.columns)) {
      if (policy && !policy.categories[category]) problems.push({ ...at(t.name, 'columns', column), message: `category "${category}" is not defined in the policy` });
    }
    for (const ref of t.references) {
      if (!map.tables.has(ref.table)) problems.push({ ...at(t.name, 'references', ref.column), message: `table "${ref.table}" is not in the data map` });
    }
    for (const [event, expr] of Object.entries(t.clocks)) {
      if (policy && !events.has(event)) {
        problems.push({ ...at(t.name, 'clocks', event), message: `no retention rule of the policy uses the clock "${event}" (rules use: ${[...events].join(', ')})` });
      }
      const bad = clockTokens(expr).functions.filter((f) => !allowedClockFunctions.includes(f));
      if (bad.length > 0) problems.push({ ...at(t.name, 'clocks', event), message: `function ${bad.join(', ')} is not allowed in a clock (use ${allowedClockFunctions.join(', ')})` });
      if (clockTokens(expr).columns.length === 0) problems.push({ ...at(t.name, 'clocks', event), message: 'the clock reads no column' });
    }
    for (const column of Object.keys(t.anonymise)) {
      if (!t.columns[column]) problems.push({ ...at(t.name, 'anonymise', column), message: `column "${column}" has no category in "columns": only personal data is anonymised` });
    }
  }
  if (problems.length > 0) throw new DataMapError(code, problems);
  const cycles = findCycles(map.tables);
  if (cycles.length > 0) {
    throw new DataMapError(
      DatamapErrors.REFERENCE_CYCLE,
      cycles.map((c) => ({ ...at(c[0], 'references'), message: `references form a cycle: ${c.join(' → ')}` })),
    );
  }
  return map;
}
