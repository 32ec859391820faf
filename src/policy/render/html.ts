// Writes a Doc as one complete, accessible, printable HTML page: lang, charset, viewport, a table of
// contents with anchors, tables with captions and scoped headers. No script, no inline style, no
// external resource: the only stylesheet is /assets/policy.css (css.ts), allowed by the strict CSP.
import type { Block, Cell, Doc, Inline } from './doc.ts';

export const STYLESHEET_PATH = '/assets/policy.css';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

/** Only web, mail and in-page links are written as links; anything else (javascript:, data:) stays text. */
export function safeHref(href: string): string | undefined {
  return /^(https?:|mailto:|#)/i.test(href) ? href : undefined;
}

function inline(x: Inline): string {
  if (typeof x === 'string') return escapeHtml(x);
  if ('href' in x) {
    const href = safeHref(x.href);
    return href ? `<a href="${escapeHtml(href)}">${escapeHtml(x.text)}</a>` : escapeHtml(x.text);
  }
  if ('strong' in x) return `<strong>${escapeHtml(x.strong)}</strong>`;
  if ('code' in x) return `<code>${escapeHtml(x.code)}</code>`;
  return `<a class="button" href="#consent-tool" data-custodian-open>${escapeHtml(x.consentButton)}</a>`;
}

const line = (xs: Inline[]) => xs.map(inline).join('');

function cell(c: Cell): string {
  if (Array.isArray(c)) return c.length > 0 ? line(c) : '—';
  if (c.list.length === 0) return '—';
  if (c.list.length === 1) return line(c.list[0]);
  return `<ul>${c.list.map((x) => `<li>${line(x)}</li>`).join('')}</ul>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p>${line(b.content)}</p>`;
    case 'ul':
      return `<ul>\n${b.items.map((x) => `<li>${line(x)}</li>`).join('\n')}\n</ul>`;
    case 'dl':
      return `<dl>\n${b.items.map((x) => `<dt>${escapeHtml(x.term)}</dt>\n<dd>${line(x.desc)}</dd>`).join('\n')}\n</dl>`;
    case 'h3':
      return `<h3${b.id ? ` id="${escapeHtml(b.id)}"` : ''}>${escapeHtml(b.text)}</h3>`;
    case 'table': {
      const head = `<thead>\n<tr>${b.headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr>\n</thead>`;
      const rows = b.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${cell(c)}</th>` : `<td>${cell(c)}</td>`)).join('')}</tr>`);
      return `<table>\n<caption>${escapeHtml(b.caption)}</caption>\n${head}\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
    }
  }
}

export function writeHtml(doc: Doc): string {
  const title = `${doc.title} – ${doc.org}`;
  const toc = doc.sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('\n');
  const sections = doc.sections.map((s, i) => {
    const heading = doc.numbered ? `${i + 1}. ${s.title}` : s.title;
    return `<section aria-labelledby="${escapeHtml(s.id)}">\n<h2 id="${escapeHtml(s.id)}">${escapeHtml(heading)}</h2>\n${s.blocks.map(block).join('\n')}\n</section>`;
  });
  const tocNav =
    doc.sections.length > 1
      ? `<nav class="toc" aria-labelledby="toc">\n<h2 id="toc">${escapeHtml(doc.ui.contents)}</h2>\n<ol>\n${toc}\n</ol>\n</nav>\n`
      : '';
  return `<!doctype html>
<html lang="${escapeHtml(doc.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body${doc.className ? ` class="${escapeHtml(doc.className)}"` : ''}>
<a class="skip" href="#content">${escapeHtml(doc.ui.skip)}</a>
<header>
<p class="org">${escapeHtml(doc.org)}</p>
<h1>${escapeHtml(doc.title)}</h1>
${doc.subtitle ? `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>\n` : ''}</header>
${tocNav}<main id="content">
${doc.intro.map(block).join('\n')}${doc.intro.length > 0 ? '\n' : ''}${sections.join('\n')}
</main>
<footer>
${doc.footer.map((f) => `<p>${line(f)}</p>`).join('\n')}
</footer>
</body>
</html>
`;
}
