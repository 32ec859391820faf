// A tiny document model shared by the HTML and Markdown writers: the texts are built once, as data,
// and each writer only decides how to print them, so both formats always carry the same content.
// Every string here is plain text; the writers escape it.

/** A run of text: plain, a link, strong, code, or the control that reopens the consent banner. */
export type Inline = string | { href: string; text: string } | { strong: string } | { code: string } | { consentButton: string };

/** A table cell: a line of inlines, or a list of lines (rendered as a list in HTML, joined by "; " in Markdown). */
export type Cell = Inline[] | { list: Inline[][] };

export type Block =
  | { kind: 'p'; content: Inline[] }
  | { kind: 'ul'; items: Inline[][] }
  | { kind: 'dl'; items: { term: string; desc: Inline[] }[] }
  | { kind: 'h3'; id?: string; text: string }
  | { kind: 'table'; caption: string; headers: string[]; rows: Cell[][] };

export interface Section {
  /** Stable anchor, the same in every locale. */
  id: string;
  title: string;
  blocks: Block[];
}

export interface Doc {
  lang: string;
  /** The page title (h1), e.g. "Privacy policy". */
  title: string;
  /** Shown above the title: the organisation's name. */
  org: string;
  /** Under the title, e.g. "In 10 questions". */
  subtitle?: string;
  intro: Block[];
  sections: Section[];
  footer: Inline[][];
  /** Labels for the page furniture. */
  ui: { contents: string; skip: string };
  /** Extra class on <body>, e.g. "register" (landscape print). */
  className?: string;
  /** Number the section titles "1 - …" in the table of contents and headings. */
  numbered: boolean;
}

export const p = (...content: Inline[]): Block => ({ kind: 'p', content });
export const ul = (items: Inline[][]): Block => ({ kind: 'ul', items });

/** Plain-text form of inlines (for CSV, titles). */
export function plain(content: Inline[]): string {
  return content
    .map((x) => {
      if (typeof x === 'string') return x;
      if ('href' in x) return x.text;
      if ('strong' in x) return x.strong;
      if ('code' in x) return x.code;
      return x.consentButton;
    })
    .join('');
}
