// `custodian datamap suggest`: proposes annotations from a live schema (column names and types), as a
// data-map YAML draft for the DPO to confirm. Pure apart from the introspection it is given.
import type { ColumnInfo } from './queries.ts';

const CATEGORY_RULES: [RegExp, string][] = [
  [/(^|_)(e?mail|email_address)$/, 'identification'],
  [/(^|_)(phone|mobile|tel|telephone)(_|$)/, 'identification'],
  [/(^|_)(first|last|given|family|full|display|author|billing)_?name$|^name$/, 'identification'],
  [/(^|_)(address|street|zip|postcode|postal_code|city)(_|$)/, 'identification'],
  [/(^|_)(birth|birthday|dob|birth_date)(_|$)/, 'identification'],
  [/(^|_)password/, 'identification'],
  [/(^|_)(ip|ip_address|remote_addr)$/, 'connection'],
  [/(^|_)user_agent$/, 'connection'],
  [/(^|_)(iban|card|pan|bic)(_|$)/, 'financial'],
];

const CLOCK_RULES: [RegExp, string][] = [
  [/^(closed|deleted|unsubscribed|terminated)_(at|on)$/, 'account_closed'],
  [/^last_(login|connection|seen|sign_in)_(at|on)$/, 'last_connection'],
  [/^last_contact(ed)?_(at|on)$/, 'last_contact'],
  [/^(issued|invoiced)_(at|on)$/, 'invoiced'],
  [/^(at|logged_at|occurred_at)$/, 'last_connection'],
  [/^(created|collected|inserted)_(at|on)$/, 'collected'],
];

export function suggestCategory(column: string, type: string): string | undefined {
  if (type === 'inet' || type === 'cidr') return 'connection';
  return CATEGORY_RULES.find(([re]) => re.test(column))?.[1];
}

export function suggestClock(column: string, type: string): string | undefined {
  if (!/timestamp|date/.test(type)) return undefined;
  return CLOCK_RULES.find(([re]) => re.test(column))?.[1];
}

export function suggestDataMap(
  schema: string,
  columns: ColumnInfo[],
  primaryKeys: { table: string; column: string }[],
  foreignKeys: { table: string; column: string; parent: string }[],
): string {
  const lines = [
    '# Draft data map proposed by `custodian datamap suggest`: every line is a guess from names and types.',
    '# Confirm the subject of each table, the categories and the clocks, then list this file in the policy.',
    'connection:',
    '  url: env:APP_DATABASE_URL',
    `  schema: ${schema}`,
    'tables:',
  ];
  const tables = [...new Set(columns.map((c) => c.table))];
  for (const table of tables) {
    const cols = columns.filter((c) => c.table === table);
    const key = primaryKeys.find((p) => p.table === table)?.column ?? 'id';
    const refs = foreignKeys.filter((f) => f.table === table);
    const cats = cols.map((c) => [c.column, suggestCategory(c.column, c.type)] as const).filter(([, cat]) => cat);
    const clocks = cols.map((c) => [c.column, suggestClock(c.column, c.type)] as const).filter(([, e]) => e);
    const identity = cols.filter((c) => c.column === key || /(^|_)e?mail$/.test(c.column)).map((c) => c.column);
    lines.push(`  ${table}:`, `    subject: TODO # user, customer, prospect …`, `    key: ${key}`);
    if (identity.length > 0) lines.push(`    identity: [${identity.join(', ')}]`);
    if (refs.length > 0) {
      lines.push('    references:');
      for (const r of refs) lines.push(`      ${r.column}: ${r.parent}`);
    }
    if (cats.length > 0) {
      lines.push('    columns:');
      for (const [c, cat] of cats) lines.push(`      ${c}: ${cat}`);
    }
    if (clocks.length > 0) {
      lines.push('    clocks:');
      const seen = new Set<string>();
      for (const [c, e] of clocks) {
        lines.push(`      ${seen.has(e!) ? '# ' : ''}${e}: ${c}`);
        seen.add(e!);
      }
    }
    const hold = cols.find((c) => c.type === 'boolean' && /hold/.test(c.column));
    if (hold) lines.push(`    hold: ${hold.column}`);
  }
  return `${lines.join('\n')}\n`;
}
