// Every id the policy mentions must be defined. Returns one problem per undefined reference,
// with the path where it appears, so the loader can point at the line.
import type { Policy } from './model.ts';

export interface ReferenceProblem {
  path: (string | number)[];
  message: string;
}

export function checkReferences(p: Policy): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const sets = {
    subject: new Set(Object.keys(p.subjects)),
    category: new Set(Object.keys(p.categories)),
    purpose: new Set(Object.keys(p.purposes)),
    internal: new Set(Object.keys(p.recipients.internal)),
    processor: new Set(Object.keys(p.recipients.processors)),
    'cookie category': new Set(Object.keys(p.cookies.categories)),
  };
  const expect = (kind: keyof typeof sets, id: string | undefined, path: (string | number)[]) => {
    if (id !== undefined && !sets[kind].has(id)) {
      const known = [...sets[kind]].join(', ') || 'none defined';
      problems.push({ path, message: `undefined ${kind} "${id}" (defined: ${known})` });
    }
  };
  const each = (kind: keyof typeof sets, list: string[] | undefined, path: (string | number)[]) =>
    list?.forEach((id, i) => {
      expect(kind, id, [...path, i]);
    });

  for (const [id, c] of Object.entries(p.categories)) expect('processor', c.held_by, ['categories', id, 'held_by']);
  for (const [id, pu] of Object.entries(p.purposes)) {
    each('subject', pu.subjects, ['purposes', id, 'subjects']);
    each('category', pu.categories, ['purposes', id, 'categories']);
  }
  for (const [id, r] of Object.entries(p.recipients.internal)) {
    each('category', r.categories, ['recipients', 'internal', id, 'categories']);
    each('purpose', r.purposes, ['recipients', 'internal', id, 'purposes']);
  }
  for (const [id, r] of Object.entries(p.recipients.processors)) {
    each('category', r.categories, ['recipients', 'processors', id, 'categories']);
    each('purpose', r.purposes, ['recipients', 'processors', id, 'purposes']);
  }
  for (const [id, r] of Object.entries(p.recipients.others)) {
    each('category', r.categories, ['recipients', 'others', id, 'categories']);
    each('purpose', r.purposes, ['recipients', 'others', id, 'purposes']);
  }
  p.retention.forEach((rule, i) => {
    each('subject', rule.subjects, ['retention', i, 'subjects']);
    each('category', rule.categories, ['retention', i, 'categories']);
    rule.extensions.forEach((x, j) => {
      expect('purpose', x.purpose, ['retention', i, 'extensions', j, 'purpose']);
      each('category', x.categories, ['retention', i, 'extensions', j, 'categories']);
      each('internal', x.access, ['retention', i, 'extensions', j, 'access']);
    });
  });
  const ruleIds = new Set<string>();
  p.retention.forEach((rule, i) => {
    if (ruleIds.has(rule.id)) problems.push({ path: ['retention', i, 'id'], message: `retention rule id "${rule.id}" is used twice` });
    ruleIds.add(rule.id);
  });
  for (const [id, c] of Object.entries(p.cookies.categories)) each('purpose', c.purposes, ['cookies', 'categories', id, 'purposes']);
  for (const [id, s] of Object.entries(p.cookies.services)) {
    expect('cookie category', s.category, ['cookies', 'services', id, 'category']);
    expect('processor', s.processor, ['cookies', 'services', id, 'processor']);
  }
  return problems;
}
