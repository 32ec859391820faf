// SQL for each anonymisation of the data map: the new value, and the test that a value is still
// untouched (so a run never anonymises twice and a plan counts only what will change). Pure.
import { createHash } from 'node:crypto';
import type { Anonymiser } from '../datamap/model.ts';

export type AddParam = (value: unknown) => string;

/** HMAC-SHA-256 pads for a key: SQL computes sha256(opad ‖ sha256(ipad ‖ value)) = HMAC(key, value). */
export function hmacPads(key: Buffer): { ipad: Buffer; opad: Buffer } {
  const k = Buffer.alloc(64);
  (key.length > 64 ? createHash('sha256').update(key).digest() : key).copy(k);
  return { ipad: Buffer.from(k.map((b) => b ^ 0x36)), opad: Buffer.from(k.map((b) => b ^ 0x5c)) };
}

export const HASH_PREFIX = 'anon:';

/** `col` is the qualified, quoted column; `type` its SQL data type. */
/** `value()` adds its parameters when called: a query that only tests `pending` carries none unused. */
export function anonymiseSql(a: Anonymiser, col: string, type: string, add: AddParam, pads: () => { ipad: Buffer; opad: Buffer }): { value: () => string; pending: () => string } {
  if (a === 'null') return { value: () => 'null', pending: () => `${col} is not null` };
  if (a === 'hash') {
    const value = () => {
      const { ipad, opad } = pads();
      return `'${HASH_PREFIX}' || left(encode(sha256(${add(opad)}::bytea || sha256(${add(ipad)}::bytea || convert_to(${col}::text, 'UTF8'))), 'hex'), 32)`;
    };
    return { value, pending: () => `(${col} is not null and ${col} not like '${HASH_PREFIX}%')` };
  }
  if (a === 'month' || a === 'year') {
    const value = `date_trunc('${a}', ${col})`;
    return { value: () => value, pending: () => `${col} is distinct from ${value}` };
  }
  if (a === 'ip') {
    const truncated = `host(network(set_masklen(${col}::inet, case when family(${col}::inet) = 4 then 24 else 48 end)))`;
    return { value: () => (type === 'inet' ? `${truncated}::inet` : truncated), pending: () => `host(${col}::inet) is distinct from ${truncated}` };
  }
  const constant = String(a.constant);
  return { value: () => `${add(constant)}::text::${sqlType(type)}`, pending: () => `${col}::text is distinct from ${add(constant)}::text` };
}

function sqlType(type: string): string {
  return /^[a-z ]+$/.test(type) ? type : 'text';
}
