// Published texts: the privacy policy and the cookie charter (HTML or Markdown, en or fr), their
// stylesheet, and the fixed labels. Pure functions: the server and the CLI decide where they go.
export { type Format, formats, type PublishedVersion, type RenderOptions } from './common.ts';
export { buildCookieCharter, renderCookieCharter } from './cookies.ts';
export { POLICY_CSS } from './css.ts';
export { escapeHtml, STYLESHEET_PATH } from './html.ts';
export { formatDate, isRenderLocale, labels, type RenderLocale, renderLocales } from './labels.ts';
export { buildPrivacyPolicy, renderPrivacyPolicy } from './privacy.ts';
