// The privacy policy, in the reference's ten questions, built from the policy model.
import type { Policy } from '../model.ts';
import { type Ctx, context, contactLines, type PublishedVersion, type RenderOptions, transfers } from './common.ts';
import { type Block, type Cell, type Doc, type Inline, p, type Section, ul } from './doc.ts';
import { writeHtml } from './html.ts';
import { clockLabel, countryName, type RenderLocale } from './labels.ts';
import { writeMarkdown } from './markdown.ts';

export function renderPrivacyPolicy(policy: Policy, options: RenderOptions): string {
  const doc = buildPrivacyPolicy(policy, options.locale, options.version);
  return options.format === 'md' ? writeMarkdown(doc) : writeHtml(doc);
}

export function buildPrivacyPolicy(policy: Policy, locale: RenderLocale, version?: PublishedVersion): Doc {
  const c = context(policy, locale);
  const { L } = c;
  const q = L.privacy.q;
  const sections: Section[] = [
    { id: 'concepts', title: q.concepts, blocks: concepts(c) },
    { id: 'controller', title: q.controller, blocks: controller(c) },
    { id: 'categories', title: q.categories, blocks: categories(c) },
    { id: 'purposes', title: q.purposes, blocks: purposes(c) },
    { id: 'recipients', title: q.recipients, blocks: recipients(c) },
    { id: 'retention', title: q.retention, blocks: retention(c) },
    { id: 'security', title: q.security, blocks: security(c) },
    { id: 'rights', title: q.rights, blocks: rightsBlocks(c) },
    { id: 'dpo', title: q.dpo, blocks: dpo(c) },
    { id: 'versions', title: q.versions, blocks: versions(c, version) },
  ];
  return {
    lang: locale,
    title: L.privacy.title,
    org: c.org,
    subtitle: L.privacy.subtitle,
    intro: [p(L.privacy.intro(c.org))],
    sections,
    footer: [versionLine(c, version)],
    ui: { contents: L.contents, skip: L.skip },
    numbered: true,
  };
}

export function versionLine(c: Ctx, version: PublishedVersion | undefined, kind: 'privacy' | 'cookies' = 'privacy'): Inline[] {
  const v = kind === 'cookies' ? c.L.cookies : c.L.privacy.versions;
  return version ? [v.version(version.id, c.date(version.effective))] : [v.inForce(c.date(c.policy.version.effective))];
}

function concepts(c: Ctx): Block[] {
  const k = c.L.privacy.concepts;
  const subjects = Object.values(c.policy.subjects).map((s) => c.tx(s.label));
  const blocks: Block[] = [
    p(k.gdpr),
    {
      kind: 'dl',
      items: [
        { term: k.personalData[0], desc: [k.personalData[1]] },
        { term: k.subjects[0], desc: [k.subjects[1](c.org, c.L.list(subjects))] },
        { term: k.controller[0], desc: [k.controller[1]] },
        { term: k.processor[0], desc: [k.processor[1]] },
        { term: k.processing[0], desc: [k.processing[1]] },
      ],
    },
  ];
  const described = Object.values(c.policy.subjects).filter((s) => s.description);
  if (described.length > 0) blocks.push(ul(described.map((s) => [{ strong: c.tx(s.label) }, c.L.colon, c.tx(s.description)])));
  const purposes = Object.values(c.policy.purposes);
  if (purposes.length > 0) {
    blocks.push(p({ strong: k.operations[0] }, c.L.colon, k.operations[1](c.org)));
    blocks.push(ul(purposes.map((pu) => [c.tx(pu.label)])));
  }
  return blocks;
}

function controller(c: Ctx): Block[] {
  const ctl = c.policy.controller;
  const w = c.L.privacy.controller;
  const first = ctl.determines_purposes_and_means ? `${w.determines(c.org)} ` : '';
  const lines: Inline[][] = [];
  if (ctl.legal_form) lines.push([`${w.legalForm}${c.L.colon}`, ctl.legal_form]);
  if (ctl.registration) lines.push([`${w.registration}${c.L.colon}`, ctl.registration]);
  if (ctl.address) lines.push([`${w.address}${c.L.colon}`, ctl.address]);
  lines.push(...contactLines(ctl.contact, { name: w.contact, email: c.L.privacy.dpo.email, url: c.L.privacy.dpo.url, address: w.address }, c.L.colon));
  const blocks: Block[] = [p(first + w.role[ctl.role](c.org))];
  if (lines.length > 0) blocks.push(p({ strong: w.identity }), ul([[c.org], ...lines]));
  return blocks;
}

function categories(c: Ctx): Block[] {
  const w = c.L.privacy.categories;
  const rows: Cell[][] = Object.values(c.policy.categories).map((cat) => {
    const notes: Inline[][] = [];
    if (cat.special) notes.push([w.special]);
    if (cat.special_note) notes.push([c.tx(cat.special_note)]);
    if (cat.held_by) notes.push([w.heldBy(c.processor(cat.held_by), c.org)]);
    return [[c.tx(cat.label)], { list: cat.examples.map((e) => [c.tx(e)]) }, { list: notes }];
  });
  return [{ kind: 'table', caption: w.caption, headers: w.headers, rows }];
}

function purposes(c: Ctx): Block[] {
  const w = c.L.privacy.purposes;
  const entries = Object.values(c.policy.purposes);
  if (entries.length === 0) return [p(w.none)];
  const rows: Cell[][] = entries.map((pu) => {
    const label: Inline[] = [c.tx(pu.label)];
    if (pu.description) label.push(`. ${c.tx(pu.description)}`);
    const basis: Inline[][] = [[pu.legal_basis ? c.L.legalBasis[pu.legal_basis] : c.L.none]];
    if (pu.legitimate_interest) basis.push([`${w.interest}${c.L.colon}${c.tx(pu.legitimate_interest)}`]);
    return [label, { list: basis }, { list: pu.subjects.map((s) => [c.subject(s)]) }, { list: pu.categories.map((x) => [c.category(x)]) }];
  });
  return [{ kind: 'table', caption: w.caption, headers: w.headers, rows }];
}

function recipients(c: Ctx): Block[] {
  const w = c.L.privacy.recipients;
  const r = c.policy.recipients;
  const blocks: Block[] = [p(w.intro)];
  const internal = Object.values(r.internal);
  if (internal.length > 0) {
    blocks.push({ kind: 'h3', id: 'recipients-internal', text: w.internal });
    blocks.push({
      kind: 'table',
      caption: w.internalCaption,
      headers: w.internalHeaders,
      rows: internal.map((x) => {
        const label: Inline[] = [c.tx(x.label)];
        if (x.description) label.push(`. ${c.tx(x.description)}`);
        return [label, { list: x.categories.map((id) => [c.category(id)]) }, { list: x.purposes.map((id) => [c.purpose(id)]) }];
      }),
    });
    blocks.push(ul(w.internalNotes.map((n) => [n])));
  }
  const processors = Object.values(r.processors);
  if (processors.length > 0) {
    blocks.push({ kind: 'h3', id: 'recipients-processors', text: w.processors }, p(w.processorsIntro));
    blocks.push({
      kind: 'table',
      caption: w.processorsCaption,
      headers: w.processorsHeaders,
      rows: processors.map((x) => [
        [x.name],
        [c.tx(x.service)],
        [countryName(x.country, c.locale)],
        { list: x.transfer ? [[capitalise(c.L.mechanism[x.transfer.mechanism])], ...(x.transfer.note ? [[c.tx(x.transfer.note)]] : [])] : [] },
        { list: x.categories.map((id) => [c.category(id)]) },
      ]),
    });
  }
  blocks.push({ kind: 'h3', id: 'recipients-others', text: w.others });
  const others = Object.values(r.others).map((x): Inline[] => {
    const line: Inline[] = [c.tx(x.label)];
    if (x.description) line.push(`${c.L.colon}${c.tx(x.description)}`);
    const [, cats, purposes] = w.internalHeaders;
    if (x.categories.length > 0) line.push(` ${cats}${c.L.colon}${x.categories.map(c.category).join(', ')}.`);
    if (x.purposes.length > 0) line.push(` ${purposes}${c.L.colon}${x.purposes.map(c.purpose).join(', ')}.`);
    return line;
  });
  blocks.push(others.length > 0 ? ul(others) : p(c.L.none));
  blocks.push({ kind: 'h3', id: 'transfers', text: w.transfers });
  const out = transfers(c.policy);
  if (out.length === 0) blocks.push(p(w.transfersNone));
  else {
    blocks.push(p(w.transfersIntro));
    blocks.push(ul(out.map((x) => [w.transferLine(x.name, countryName(x.country, c.locale), x.mechanism ? c.L.mechanism[x.mechanism] : c.L.none)])));
  }
  return blocks;
}

/** The duration of a rule in words, with its extensions, as the retention table and the register print it. */
export function retentionCells(c: Ctx, rule: Policy['retention'][number]) {
  const w = c.L.privacy.retention;
  const extensions = rule.extensions.map((x): Inline[] => {
    let text = x.purpose ? w.extension(c.dur(x.keep), c.purpose(x.purpose)) : w.extension(c.dur(x.keep), c.tx(x.label));
    if (x.purpose && x.label) text += ` (${c.tx(x.label)})`;
    if (x.categories) text += ` [${x.categories.map(c.category).join(', ')}]`;
    if (x.access) text += `, ${w.restrictedAccess(x.access.map(c.internal).join(', '))}`;
    return [text];
  });
  return {
    subjects: rule.subjects.length > 0 ? rule.subjects.map(c.subject) : [c.L.all],
    categories: rule.categories.map(c.category),
    clock: rule.clock_label ? c.tx(rule.clock_label) : clockLabel(rule.clock, c.locale),
    duration: c.dur(rule.keep),
    then: c.L.then[rule.then],
    extensions,
  };
}

function retention(c: Ctx): Block[] {
  const w = c.L.privacy.retention;
  const rows: Cell[][] = c.policy.retention.map((rule) => {
    const x = retentionCells(c, rule);
    return [
      [c.tx(rule.label), ...(rule.basis ? [` — ${c.tx(rule.basis)}`] : [])],
      { list: x.subjects.map((s) => [s]) },
      { list: x.categories.map((s) => [s]) },
      [x.clock],
      [x.duration],
      [x.then],
      { list: x.extensions },
    ];
  });
  const blocks: Block[] = [p(w.intro), { kind: 'table', caption: w.caption, headers: w.headers, rows }];
  const held = Object.values(c.policy.categories).filter((cat) => cat.held_by);
  if (held.length > 0) blocks.push(ul(held.map((cat) => [w.heldBy(c.tx(cat.label), c.processor(cat.held_by!))])));
  blocks.push(p(w.archiving), p(w.end));
  if (c.policy.commitments.length > 0) {
    blocks.push({ kind: 'h3', id: 'commitments', text: w.commitments }, ul(c.policy.commitments.map((x) => [c.tx(x)])));
  }
  return blocks;
}

function security(c: Ctx): Block[] {
  const w = c.L.privacy.security;
  const measures = c.policy.security.measures;
  const blocks: Block[] = [p(w.intro)];
  for (const kind of ['organisational', 'technical'] as const) {
    const list = measures.filter((m) => m.kind === kind);
    if (list.length === 0) continue;
    blocks.push({ kind: 'h3', id: `security-${kind}`, text: w[kind] }, ul(list.map((m) => [c.tx(m.text)])));
  }
  blocks.push(p(w.training(c.dur(c.policy.security.training_refresh))));
  return blocks;
}

function rightsBlocks(c: Ctx): Block[] {
  const w = c.L.privacy.rights;
  const r = c.policy.rights;
  const items: Inline[][] = (['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability'] as const).map((right) => {
    const [name, what] = w.right[right];
    const line: Inline[] = [{ strong: name }, c.L.colon, what];
    if (right === 'rectification') {
      if (r.rectification_fields.length > 0) line.push(` ${w.rectificationFields(c.L.list(r.rectification_fields.map((f) => w.field[f])))}`);
      if (r.self_service) line.push(` ${c.tx(r.self_service)}`);
    }
    return line;
  });
  const blocks: Block[] = [p(w.intro), ul(items)];
  blocks.push({ kind: 'h3', id: 'rights-exercise', text: w.channel });
  blocks.push(p(r.channel ? w.channelVia(c.tx(r.channel).replace(/[.\s]+$/, '')) : w.channelDefault));
  blocks.push(p(w.deadline(c.dur(r.deadline), c.dur(r.extension))));
  if (r.identity_document_for.length > 0) {
    blocks.push(p(w.identity(c.L.list(r.identity_document_for.map((x) => w.short[x])))));
  }
  blocks.push(p(w.update));
  return blocks;
}

function dpo(c: Ctx): Block[] {
  const w = c.L.privacy.dpo;
  const ctl = c.policy.controller;
  const blocks: Block[] = [p(w.intro)];
  const lines = contactLines(ctl.dpo, w, c.L.colon);
  blocks.push(lines.length > 0 ? ul(lines) : p(w.none));
  const a = ctl.authority;
  if (a) {
    blocks.push(p(w.authority(a.name)));
    const lines = contactLines({ url: a.url, address: a.address }, w, c.L.colon);
    if (lines.length > 0) blocks.push(ul(lines));
  } else blocks.push(p(w.authorityMissing));
  return blocks;
}

function versions(c: Ctx, version: PublishedVersion | undefined): Block[] {
  const w = c.L.privacy.versions;
  const blocks: Block[] = [p(...versionLine(c, version), ' ', w.only)];
  if (version) blocks.push(p(`${w.hash}${c.L.colon}`, { code: version.hash }));
  blocks.push(p(w.changes));
  return blocks;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
