// The policy in force, as published (privacy policy or cookie charter, in each of its locales).
import { useEffect, useRef } from 'react';
import { get } from '../api.ts';
import { navigate, type Route } from '../router.ts';
import type { CurrentPolicy } from '../types.ts';
import { Alert, formatDate, Loading, PageTitle, useLoad } from '../ui.tsx';

export function PolicyPage({ route }: { route: Route }) {
  const doc = route.params.get('doc') === 'cookies' ? 'cookies' : 'privacy';
  const locale = route.params.get('locale') ?? '';
  const q = new URLSearchParams({ doc, ...(locale ? { lang: locale } : {}) });
  const current = useLoad(() => get<CurrentPolicy>(`/console/api/policy/current?${q}`), q.toString());
  const c = current.data;
  const article = useRef<HTMLElement>(null);
  // In-page links of the document (its table of contents) scroll to their section: the hash holds the
  // console's route, so they must not change it.
  useEffect(() => {
    const el = article.current;
    if (!el) return;
    const onClick = (e: MouseEvent) => {
      const a = (e.target as Element).closest('a');
      const href = a?.getAttribute('href');
      if (!href?.startsWith('#') || href.startsWith('#/')) return;
      e.preventDefault();
      const target = document.getElementById(decodeURIComponent(href.slice(1)));
      if (!target) return;
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.scrollIntoView();
      target.focus({ preventScroll: true });
    };
    el.addEventListener('click', onClick);
    return () => el.removeEventListener('click', onClick);
  });
  return (
    <>
      <PageTitle>Policy in force</PageTitle>
      {c && (
        <p>
          Version <strong>{c.version.id}</strong>, effective {formatDate(c.version.effective)} — hash{' '}
          <code>{c.version.hash.slice(0, 12)}</code>
        </p>
      )}
      <div className="tabs">
        <label htmlFor="policy-doc" className="visually-hidden">
          Document
        </label>
        <select id="policy-doc" value={doc} onChange={(e) => navigate('/policy', { doc: e.target.value, ...(locale ? { locale } : {}) })}>
          <option value="privacy">Privacy policy</option>
          <option value="cookies">Cookie charter</option>
        </select>
        {c && c.locales.length > 1 && (
          <>
            <label htmlFor="policy-locale" className="visually-hidden">
              Language
            </label>
            <select id="policy-locale" value={c.locale} onChange={(e) => navigate('/policy', { doc, locale: e.target.value })}>
              {c.locales.map((l) => (
                <option key={l} value={l}>
                  {l === 'fr' ? 'Français' : l === 'en' ? 'English' : l}
                </option>
              ))}
            </select>
          </>
        )}
      </div>
      <Alert>{current.error}</Alert>
      {current.loading && !c && <Loading what="the policy" />}
      {c && (
        // The server renders the published text and escapes every value; it is the same HTML as /privacy.
        // biome-ignore lint/security/noDangerouslySetInnerHtml: trusted, server-escaped rendering of the published policy
        <article ref={article} className="document" lang={c.locale} dangerouslySetInnerHTML={{ __html: c.html }} />
      )}
    </>
  );
}
