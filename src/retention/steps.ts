// From the policy's rules and the data map to the steps the engine executes, without I/O.
//
// A rule applies to a table that has the rule's clock and holds one of its subjects (its "root"); the
// tables below it (references with on_delete: delete) follow it. For each root the steps are, in order:
// - archive:<purpose>, for each extension with `access` (an intermediate archive): at clock + keep, the
//   columns of the extension's categories are copied into the archive, readable by those roles only;
// - reduce, when extensions without `access` keep data live: at clock + keep, the columns of the rule's
//   categories that no live extension needs are anonymised;
// - final, at clock + keep (+ the longest live extension): `then` — delete when every personal column of
//   the root is in the rule's categories (children first, detached children unlinked), otherwise
//   anonymise the rule's columns (the row holds data other rules keep);
// - expire:<purpose>, at clock + keep + the extension's keep: its archived rows are deleted.
// Extension periods count from the end of the main period ("increased by 3 years").
import type { Duration } from '../policy/duration.ts';
import type { Policy, RetentionRule } from '../policy/model.ts';
import { ancestors, descendants } from '../datamap/graph.ts';
import type { DataMap, MappedTable } from '../datamap/model.ts';
import { sumDurations } from './clock.ts';

export type StepKind = 'archive' | 'reduce' | 'final' | 'expire';

export interface Step {
  /** Stable id, e.g. "users_customers/users/final" — the progress of a run is recorded per step. */
  id: string;
  rule: string;
  root: string;
  clock: string;
  kind: StepKind;
  /** Offset from the clock at which rows are due. */
  after: Duration;
  /** For final: delete or anonymise; for reduce: anonymise. */
  action: 'delete' | 'anonymise' | 'archive' | 'expire';
  /** Categories whose columns are anonymised (reduce, final anonymise) or copied (archive). */
  categories: string[];
  purpose?: string;
  access?: string[];
}

export function archiveName(rule: string, purpose: string): string {
  return `${rule}:${purpose}`;
}

export function rootsOf(map: DataMap, rule: RetentionRule): MappedTable[] {
  const candidates = [...map.tables.values()].filter(
    (t) => t.clocks[rule.clock] && (rule.subjects.length === 0 || rule.subjects.includes(t.subject)),
  );
  const names = new Set(candidates.map((t) => t.name));
  // A table below another root of the same rule follows that root.
  return candidates.filter((t) => !ancestors(map, t).some((a) => names.has(a.table.name)));
}

function touches(map: DataMap, root: MappedTable, categories: string[]): boolean {
  const tables = [root, ...descendants(map, root.name).map((d) => d.table)];
  return tables.some((t) => Object.values(t.columns).some((c) => categories.includes(c)));
}

/** True when every personal column of the table belongs to `categories`. */
export function wholeRow(t: MappedTable, categories: string[]): boolean {
  return Object.values(t.columns).every((c) => categories.includes(c));
}

export function stepsFor(policy: Policy, map: DataMap, ruleId?: string): Step[] {
  const steps: Step[] = [];
  for (const rule of policy.retention) {
    if (ruleId && rule.id !== ruleId) continue;
    for (const root of rootsOf(map, rule)) {
      if (!touches(map, root, rule.categories)) continue;
      const base = { rule: rule.id, root: root.name, clock: root.clocks[rule.clock] };
      const keep = sumDurations(rule.keep, 'PT0S');
      const archives = rule.extensions.filter((e) => e.access && e.access.length > 0);
      const live = rule.extensions.filter((e) => !e.access || e.access.length === 0);
      for (const e of archives) {
        steps.push({ ...base, id: `${rule.id}/${root.name}/archive:${e.purpose}`, kind: 'archive', after: keep, action: 'archive', categories: e.categories ?? rule.categories, purpose: e.purpose, access: e.access });
      }
      // Live extensions, shortest first: after each one ends, only what the remaining ones need stays.
      const ordered = [...live].sort((a, b) => approx(a.keep) - approx(b.keep));
      let after = keep;
      for (let i = 0; i < ordered.length; i++) {
        const needed = new Set(ordered.slice(i).flatMap((e) => e.categories ?? rule.categories));
        const remove = rule.categories.filter((c) => !needed.has(c));
        if (remove.length > 0) steps.push({ ...base, id: `${rule.id}/${root.name}/reduce:${i}`, kind: 'reduce', after, action: 'anonymise', categories: remove });
        after = sumDurations(rule.keep, ordered[i].keep);
      }
      const action = rule.then === 'delete' && wholeRow(root, rule.categories) ? 'delete' : 'anonymise';
      steps.push({ ...base, id: `${rule.id}/${root.name}/final`, kind: 'final', after, action, categories: rule.categories });
      for (const e of archives) {
        steps.push({ ...base, id: `${rule.id}/${root.name}/expire:${e.purpose}`, kind: 'expire', after: sumDurations(rule.keep, e.keep), action: 'expire', categories: e.categories ?? rule.categories, purpose: e.purpose, access: e.access });
      }
    }
  }
  return steps;
}

function approx(keep: string): number {
  const d = sumDurations(keep, 'PT0S');
  return d.years * 366 + d.months * 31 + d.weeks * 7 + d.days + d.hours / 24;
}
