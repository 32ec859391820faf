// What changed between two policy versions, section by section (top-level keys), and within a
// section, which entries were added, removed or changed.
import { isDeepStrictEqual } from 'node:util';
import type { Policy } from './model.ts';

export interface SectionChange {
  section: string;
  added: string[];
  removed: string[];
  changed: string[];
}

export function diffPolicies(before: Policy, after: Policy): SectionChange[] {
  const out: SectionChange[] = [];
  const sections = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  for (const section of sections) {
    const a = (before as any)[section];
    const b = (after as any)[section];
    if (isDeepStrictEqual(a, b)) continue;
    out.push({ section, ...diffEntries(entries(a), entries(b)) });
  }
  return out;
}

/** A section's entries by name: records by key, lists by `id` (or position), scalars as one entry. */
function entries(value: unknown): Map<string, unknown> {
  if (Array.isArray(value)) return new Map(value.map((v, i) => [String((v as any)?.id ?? i), v]));
  if (value && typeof value === 'object') {
    const nested = Object.entries(value);
    // A section whose values are themselves records (recipients.internal …) is flattened one level.
    if (nested.every(([, v]) => v && typeof v === 'object' && !Array.isArray(v) && !('label' in (v as object)) && !('name' in (v as object)))) {
      return new Map(nested.flatMap(([k, v]) => Object.entries(v as object).map(([k2, v2]) => [`${k}.${k2}`, v2])));
    }
    return new Map(nested);
  }
  return new Map(value === undefined ? [] : [['value', value]]);
}

function diffEntries(a: Map<string, unknown>, b: Map<string, unknown>) {
  const added = [...b.keys()].filter((k) => !a.has(k));
  const removed = [...a.keys()].filter((k) => !b.has(k));
  const changed = [...a.keys()].filter((k) => b.has(k) && !isDeepStrictEqual(a.get(k), b.get(k)));
  return { added, removed, changed };
}
