// The cookie charter, in the reference's five questions, built from the policy's cookie section.
import { approxDays } from '../duration.ts';
import type { Policy } from '../model.ts';
import { type Ctx, context, type PublishedVersion, type RenderOptions } from './common.ts';
import { type Block, type Cell, type Doc, type Inline, p, type Section, ul } from './doc.ts';
import { writeHtml } from './html.ts';
import type { RenderLocale } from './labels.ts';
import { writeMarkdown } from './markdown.ts';
import { versionLine } from './privacy.ts';

export function renderCookieCharter(policy: Policy, options: RenderOptions): string {
  const doc = buildCookieCharter(policy, options.locale, options.version);
  return options.format === 'md' ? writeMarkdown(doc) : writeHtml(doc);
}

export function buildCookieCharter(policy: Policy, locale: RenderLocale, version?: PublishedVersion): Doc {
  const c = context(policy, locale);
  const { L } = c;
  const q = L.cookies.q;
  const sections: Section[] = [
    { id: 'what', title: q.what, blocks: what(c) },
    { id: 'use', title: q.use, blocks: use(c) },
    { id: 'consent-tool', title: q.tool, blocks: tool(c) },
    { id: 'browsers', title: q.browsers, blocks: browsers(c) },
    { id: 'versions', title: q.versions, blocks: versions(c, version) },
  ];
  return {
    lang: locale,
    title: L.cookies.title,
    org: c.org,
    subtitle: L.cookies.subtitle,
    intro: [],
    sections,
    footer: [versionLine(c, version, 'cookies')],
    ui: { contents: L.contents, skip: L.skip },
    numbered: true,
  };
}

function lifetime(c: Ctx, value: string): string {
  return value === 'session' ? c.L.cookies.session : c.dur(value);
}

function what(c: Ctx): Block[] {
  const w = c.L.cookies;
  const blocks: Block[] = [p(w.what(c.org))];
  const lifetimes = Object.values(c.policy.cookies.services)
    .flatMap((s) => s.cookies.map((k) => k.lifetime))
    .filter((x) => x !== 'session');
  if (lifetimes.length > 0) {
    const longest = lifetimes.reduce((a, b) => (approxDays(b) > approxDays(a) ? b : a));
    blocks.push(p(w.maxLifetime(c.dur(longest))));
  }
  return blocks;
}

function use(c: Ctx): Block[] {
  const w = c.L.cookies;
  const cats = c.policy.cookies.categories;
  const blocks: Block[] = [
    p(w.use(c.org, Object.keys(cats).length)),
    {
      kind: 'table',
      caption: w.categoriesCaption,
      headers: w.categoriesHeaders,
      rows: Object.values(cats).map((x): Cell[] => [
        [c.tx(x.label)],
        { list: [[c.tx(x.description)], ...(x.purposes.length > 0 ? [[`${w.purposes}${c.L.colon}${x.purposes.map(c.purpose).join(', ')}`]] : [])] },
        [x.locked ? w.alwaysOn : w.optional],
      ]),
    },
  ];
  for (const [id, s] of Object.entries(c.policy.cookies.services)) {
    blocks.push({ kind: 'h3', id: `service-${id}`, text: s.name });
    const meta: Inline[] = [w.serviceMeta(cats[s.category] ? c.tx(cats[s.category].label) : s.category, s.processor ? c.processor(s.processor) : undefined)];
    if (s.description) meta.push(` ${c.tx(s.description)}`);
    blocks.push(p(...meta));
    if (s.cookies.length === 0) {
      blocks.push(p(w.noCookies));
      continue;
    }
    blocks.push({
      kind: 'table',
      caption: w.serviceCaption(s.name),
      headers: w.serviceHeaders,
      rows: s.cookies.map((k): Cell[] => [[{ code: k.name }], [k.domain ?? '—'], [lifetime(c, k.lifetime)], [k.description ? c.tx(k.description) : '—']]),
    });
  }
  return blocks;
}

function tool(c: Ctx): Block[] {
  const w = c.L.cookies;
  const consent = c.policy.cookies.consent;
  return [
    p(w.tool(c.org, c.policy.cookies.tool ?? 'Custodian')),
    p(w.consentDefinition),
    p(w.withdraw),
    p(w.refuseAll),
    p(w.consentLifetime(c.dur(consent.lifetime), c.dur(consent.reask_after))),
    p({ consentButton: w.change }),
  ];
}

function browsers(c: Ctx): Block[] {
  const list = c.policy.cookies.browsers;
  if (list.length === 0) return [p(c.L.cookies.browsersNone)];
  return [p(c.L.cookies.browsers), ul(list.map((b) => [{ href: b.url, text: b.name }]))];
}

function versions(c: Ctx, version: PublishedVersion | undefined): Block[] {
  const w = c.L.privacy.versions;
  const blocks: Block[] = [p(...versionLine(c, version, 'cookies'), ' ', w.only)];
  if (version) blocks.push(p(`${w.hash}${c.L.colon}`, { code: version.hash }));
  blocks.push(p(c.L.cookies.changes));
  return blocks;
}
