// The published pages' one stylesheet, served at /assets/policy.css (the strict CSP allows
// style-src 'self' only: no inline style, no nonce). Readable on screen, clean on paper.
export const POLICY_CSS = `:root { color-scheme: light; --fg: #1a1a1a; --muted: #555; --line: #c8c8c8; --accent: #0b5cad; --bg-alt: #f4f6f8; }
* { box-sizing: border-box; }
html { font: 100%/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
body { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
body.register { max-width: none; }
.skip { position: absolute; left: -999px; top: 0; }
.skip:focus { left: 1rem; background: #fff; padding: .5rem; z-index: 1; }
header .org { margin: 0; color: var(--muted); font-weight: 600; }
h1 { font-size: 2rem; margin: .2rem 0; line-height: 1.2; }
.subtitle { margin-top: 0; color: var(--muted); }
h2 { font-size: 1.35rem; margin-top: 2.2rem; padding-top: .4rem; border-top: 1px solid var(--line); line-height: 1.3; }
h3 { font-size: 1.1rem; margin-top: 1.6rem; }
nav.toc { background: var(--bg-alt); padding: .5rem 1.2rem; border-radius: 6px; }
nav.toc h2 { border: 0; margin-top: .6rem; font-size: 1.1rem; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
dt { font-weight: 600; margin-top: .6rem; }
dd { margin-left: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid var(--line); padding: .4rem .55rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: var(--bg-alt); }
tbody th { font-weight: 600; }
td ul, th ul { margin: 0; padding-left: 1.1rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; }
.button { display: inline-block; padding: .5rem 1rem; border: 2px solid var(--accent); border-radius: 6px; font-weight: 600; text-decoration: none; }
footer { margin-top: 2.5rem; padding-top: .8rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .9rem; }
@page { margin: 18mm 15mm; }
@page register { size: A4 landscape; margin: 10mm; }
@media print {
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  body.register { page: register; }
  .skip, .button { display: none; }
  a { color: inherit; }
  main a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; overflow-wrap: anywhere; }
  h2, h3 { break-after: avoid; }
  tr, dt, dd, li { break-inside: avoid; }
  thead { display: table-header-group; }
  nav.toc { background: none; border: 1px solid var(--line); }
  thead th { background: none; }
}
`;
