// Writes a Doc as Markdown (CommonMark + GFM tables) with the same content as the HTML page.
// Policy texts are escaped so that they can never turn into markup, links or raw HTML.
import type { Block, Cell, Doc, Inline } from './doc.ts';
import { escapeHtml, safeHref } from './html.ts';

/** Backslash-escapes the characters that could start Markdown or HTML syntax. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#~&]/g, '\\$&').replace(/\s*\n\s*/g, ' ');
}

/** Protects a line start that Markdown would read as a list item, a heading or a rule. */
function lineStart(text: string): string {
  return text.replace(/^(\d+)([.)])/, '$1\\$2').replace(/^([-+=])/, '\\$1');
}

function inline(x: Inline): string {
  if (typeof x === 'string') return escapeMarkdown(x);
  if ('href' in x) {
    const href = safeHref(x.href);
    if (!href) return escapeMarkdown(x.text);
    return `[${escapeMarkdown(x.text)}](${href.replace(/[()<>\s]/g, (ch) => encodeURIComponent(ch))})`;
  }
  if ('strong' in x) return `**${escapeMarkdown(x.strong)}**`;
  if ('code' in x) {
    const ticks = '`'.repeat((x.code.match(/`+/g) ?? []).reduce((n, s) => Math.max(n, s.length + 1), 1));
    const pad = x.code.startsWith('`') || x.code.endsWith('`') ? ' ' : '';
    return `${ticks}${pad}${x.code}${pad}${ticks}`;
  }
  return `<a href="#consent-tool" data-custodian-open>${escapeHtml(x.consentButton)}</a>`;
}

const line = (xs: Inline[]) => lineStart(xs.map(inline).join(''));

function cell(c: Cell): string {
  // List values are joined by "; ", or by a space after a value that already ends a sentence.
  const text = Array.isArray(c)
    ? c.map(inline).join('')
    : c.list
        .map((x) => x.map(inline).join(''))
        .reduce((acc, x) => (acc === '' ? x : `${acc}${/[.!?:;]$/.test(acc) ? ' ' : '; '}${x}`), '');
  return text === '' ? '—' : text;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'p':
      return line(b.content);
    case 'ul':
      return b.items.map((x) => `- ${x.map(inline).join('')}`).join('\n');
    case 'dl':
      return b.items.map((x) => `- **${escapeMarkdown(x.term)}**: ${x.desc.map(inline).join('')}`).join('\n');
    case 'h3':
      return `### ${escapeMarkdown(b.text)}`;
    case 'table': {
      const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
      return [
        `*${escapeMarkdown(b.caption)}*`,
        '',
        row(b.headers.map(escapeMarkdown)),
        row(b.headers.map(() => '---')),
        ...b.rows.map((r) => row(r.map(cell))),
      ].join('\n');
    }
  }
}

export function writeMarkdown(doc: Doc): string {
  const out: string[] = [`# ${escapeMarkdown(doc.title)}`, `**${escapeMarkdown(doc.org)}**${doc.subtitle ? ` · ${escapeMarkdown(doc.subtitle)}` : ''}`];
  if (doc.sections.length > 1) {
    out.push(`## ${escapeMarkdown(doc.ui.contents)}`, doc.sections.map((s, i) => `${i + 1}. [${escapeMarkdown(s.title)}](#${s.id})`).join('\n'));
  }
  out.push(...doc.intro.map(block));
  doc.sections.forEach((s, i) => {
    const heading = doc.numbered ? `${i + 1}\\. ${escapeMarkdown(s.title)}` : escapeMarkdown(s.title);
    out.push(`<a id="${escapeHtml(s.id)}"></a>`, `## ${heading}`, ...s.blocks.map(block));
  });
  out.push('---', ...doc.footer.map(line));
  return `${out.join('\n\n')}\n`;
}
