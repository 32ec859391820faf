// The data map: where the company's databases hold personal data, annotated for retention and rights.
// One or more YAML files (listed in the policy's `datamap:`), each describing one connection's tables.
import { z } from 'zod';

/** A plain SQL identifier: safe to quote and interpolate. */
export const identSchema = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier (letters, digits, _)');
const idSchema = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'an id of the policy');

export const anonymisers = ['null', 'hash', 'month', 'year', 'ip'] as const;
export const anonymiserSchema = z.union([
  z.enum(anonymisers),
  z.strictObject({ constant: z.union([z.string(), z.number(), z.boolean()]) }),
]);

export const referenceSchema = z.union([
  identSchema,
  z.strictObject({
    table: identSchema,
    /** delete (default): the child rows go with the parent; detach: the reference is set to null. */
    on_delete: z.enum(['delete', 'detach']).default('delete'),
  }),
]);

/** A column, or an expression over columns with greatest / least / coalesce. */
export const clockExpressionSchema = z
  .string()
  .min(1)
  .regex(/^[a-z0-9_(), ]+$/, 'a column name or an expression such as greatest(created_at, last_contact_at)');

export const tableSchema = z.strictObject({
  description: z.string().optional(),
  /** The policy's subject type whose data the rows hold (user, customer, prospect …). */
  subject: idSchema,
  /** The primary key column (single column): keyset batches walk it. */
  key: identSchema.default('id'),
  /** Columns that identify the subject (what a legal hold or a rights request names: e-mail, id …). */
  identity: z.array(identSchema).default([]),
  /** Foreign keys: column → parent table (its key). */
  references: z.record(identSchema, referenceSchema).default({}),
  /** Columns holding personal data → the policy category. */
  columns: z.record(identSchema, idSchema).default({}),
  /** Retention clock events (account_closed, last_contact …) → column or expression giving the date. */
  clocks: z.record(idSchema, clockExpressionSchema).default({}),
  /** A boolean column that puts the row (and its children) under legal hold. */
  hold: identSchema.optional(),
  /** How each column is anonymised when its data must go but the row stays (default: null). */
  anonymise: z.record(identSchema, anonymiserSchema).default({}),
});

export const dataMapFileSchema = z.strictObject({
  connection: z
    .strictObject({
      name: identSchema.default('app'),
      /** `env:VAR` or a postgres:// URL; `env:APP_DATABASE_URL` unset = the embedded demo database. */
      url: z.string().min(1).default('env:APP_DATABASE_URL'),
      schema: identSchema.default('public'),
    })
    .default({ name: 'app', url: 'env:APP_DATABASE_URL', schema: 'public' }),
  tables: z.record(identSchema, tableSchema),
});

export type Anonymiser = z.infer<typeof anonymiserSchema>;
export type TableInput = z.infer<typeof tableSchema>;
export type DataMapFile = z.infer<typeof dataMapFileSchema>;

export interface Connection {
  name: string;
  url: string;
  schema: string;
}

export interface Reference {
  column: string;
  table: string;
  onDelete: 'delete' | 'detach';
}

/** A table of the map, normalised. */
export interface MappedTable {
  name: string;
  file: string;
  connection: Connection;
  subject: string;
  key: string;
  identity: string[];
  references: Reference[];
  columns: Record<string, string>;
  clocks: Record<string, string>;
  hold?: string;
  anonymise: Record<string, Anonymiser>;
}

export interface DataMap {
  files: string[];
  tables: Map<string, MappedTable>;
  connections: Map<string, Connection>;
}

export const allowedClockFunctions = ['greatest', 'least', 'coalesce'];

/** The columns a clock expression reads, and the functions it calls. */
export function clockTokens(expr: string): { columns: string[]; functions: string[] } {
  const columns: string[] = [];
  const functions: string[] = [];
  for (const m of expr.matchAll(/([a-z_][a-z0-9_]*)\s*(\()?/g)) (m[2] ? functions : columns).push(m[1]);
  return { columns: [...new Set(columns)], functions: [...new Set(functions)] };
}

/** The SQL of a clock expression over table alias `t` (columns quoted and qualified). */
export function clockSql(expr: string, alias = 't'): string {
  return expr.replace(/([a-z_][a-z0-9_]*)(\s*\()?/g, (_, name: string, call?: string) => (call ? `${name}(` : `${alias}."${name}"`));
}
