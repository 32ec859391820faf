// Loads a policy file: YAML → zod → references. Every problem names file:line:column, the path in
// the document and what was expected, so a DPO can fix it without reading code.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LineCounter, type Node, parseDocument, isMap, isPair, isScalar, type Document } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../errors.ts';
import { PolicyErrors } from './errors.ts';
import { type Policy, policySchema } from './model.ts';
import { checkReferences } from './references.ts';

export interface LoadProblem {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

export interface LoadedPolicy {
  policy: Policy;
  file: string;
  /** The source text, as stored with a published version. */
  source: string;
  /** sha256 of the normalised document (formatting and comments do not change it). */
  hash: string;
}

export class PolicyLoadError extends AppError {
  readonly problems: LoadProblem[];
  constructor(code: string, problems: LoadProblem[]) {
    super(code, problems.map(formatProblem).join('\n'), 422, problems);
    this.problems = problems;
  }
}

export function formatProblem(p: LoadProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

export function loadPolicyFile(file: string): LoadedPolicy {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PolicyLoadError(PolicyErrors.FILE_UNREADABLE, [
      { file, line: 0, column: 0, path: '', message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})` },
    ]);
  }
  return parsePolicy(source, file);
}

export function parsePolicy(source: string, file = '<policy>'): LoadedPolicy {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new PolicyLoadError(
      PolicyErrors.YAML_SYNTAX,
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { file, line: pos.line, column: pos.col, path: '', message: e.message.split('\n')[0] };
      }),
    );
  }
  const parsed = policySchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new PolicyLoadError(PolicyErrors.INVALID, parsed.error.issues.map((i) => issueToProblem(i, doc, lines, file)));
  }
  const refs = checkReferences(parsed.data);
  if (refs.length > 0) {
    throw new PolicyLoadError(
      PolicyErrors.UNDEFINED_REFERENCE,
      refs.map((r) => ({ file, ...position(doc, lines, r.path), path: formatPath(r.path), message: r.message })),
    );
  }
  const hash = createHash('sha256').update(JSON.stringify(parsed.data)).digest('hex');
  return { policy: parsed.data, file, source, hash };
}

function issueToProblem(issue: z.core.$ZodIssue, doc: Document, lines: LineCounter, file: string): LoadProblem {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    return {
      file,
      ...keyPosition(doc, lines, path, key),
      path: formatPath([...path, key]),
      message: `unknown key "${issue.keys.join('", "')}" (not part of the policy schema: see schema/policy.schema.json)`,
    };
  }
  if (issue.code === 'invalid_key') {
    // A record key that is not a valid id (or locale): point at the key and say what a key must be.
    const key = String(path[path.length - 1]);
    const expected = issue.issues.map((i) => i.message).join('; ');
    return { file, ...keyPosition(doc, lines, path.slice(0, -1), key), path: formatPath(path), message: `invalid key "${key}": expected ${expected}` };
  }
  const present = doc.hasIn(path);
  const message = present ? issue.message : `missing: ${issue.message.replace(/, received undefined$/, '')}`;
  return { file, ...position(doc, lines, present ? path : path.slice(0, -1)), path: formatPath(path), message };
}

function position(doc: Document, lines: LineCounter, path: (string | number)[]): { line: number; column: number } {
  // Walk up until a node exists: a missing key is reported where its parent is.
  for (let p = path; ; p = p.slice(0, -1)) {
    const node = (p.length === 0 ? doc.contents : doc.getIn(p, true)) as Node | undefined;
    if (node?.range) {
      const pos = lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
    if (p.length === 0) return { line: 1, column: 1 };
  }
}

function keyPosition(doc: Document, lines: LineCounter, path: (string | number)[], key: string) {
  const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (isMap(map)) {
    for (const item of map.items) {
      if (isPair(item) && isScalar(item.key) && item.key.value === key && item.key.range) {
        const pos = lines.linePos(item.key.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
  }
  return position(doc, lines, path);
}

export function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
