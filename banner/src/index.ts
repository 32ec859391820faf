// Custodian consent banner. Module load touches no browser global: everything starts in init().
import { consentMode, consentStatus, cookieDomains, encodeStored, matchCookies, parseStored, pickLocale } from './core.ts';
import type { BannerConfig, Consent, ConsentAction, ConsentEvent, InitOptions, StoredConsent } from './types.ts';

export type { BannerConfig, Consent, ConsentAction, ConsentEvent, InitOptions, StoredConsent } from './types.ts';

type Listener = (c: Consent) => void;
type Flags = Record<string, boolean>;

/** The visitor's current consent (null until a choice is known). */
export let consent: Consent | null = null;

let cfg: BannerConfig;
let nonce: string | undefined;
let base = '';
let gpc = false;
let changed = false;
/** the banner was shown to ask (no choice, re-ask, policy change): closing it means refusing */
let asking = false;
let started = false;
let root: HTMLElement;
let bar: HTMLElement;
/** The second layer, built on first open: the first paint only needs the bar. */
let dlg: HTMLDialogElement | undefined;
let fab: HTMLElement;
let back: Element | null = null;
const listeners: Listener[] = [];
const placeholders = new Map<Element, HTMLElement>();

const now = () => Math.floor(Date.now() / 1000);
const T = (k: string) => cfg.texts[k] || '';
const esc = (s: string) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const locked = (cat: string) => cfg.categories.some((c) => c.id === cat && c.locked);
const $$ = <E extends Element>(sel: string, el: ParentNode = document) => Array.from(el.querySelectorAll<E>(sel));

function gtag(..._args: unknown[]): void {
  const w = globalThis as any;
  w.dataLayer = w.dataLayer || [];
  // gtag.js only understands the Arguments object, not an array
  // biome-ignore lint/complexity/noArguments: required by Google's dataLayer protocol
  w.dataLayer.push(arguments);
}

let defaulted = false;
/** Google Consent Mode v2: everything denied (security excepted) before any tag runs. */
function defaults(): void {
  if (defaulted) return;
  defaulted = true;
  gtag('consent', 'default', { ...consentMode({}), wait_for_update: 500 });
}

function uuid(): string {
  const c = globalThis.crypto;
  if (c.randomUUID) return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  const h = Array.from(b, (x) => (x + 256).toString(16).slice(1)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function readCookie(name: string): string | undefined {
  for (const p of document.cookie.split('; ')) if (p.slice(0, p.indexOf('=')) === name) return p.slice(name.length + 1);
}

/** Is a category (and optionally one of its services) allowed by the current consent? */
export function allowed(category: string, service?: string | null): boolean {
  if (!cfg) return false;
  if (locked(category)) return true;
  return !!consent?.categories[category] && (!service || consent.services[service] !== false);
}

/** Start the banner with a configuration (object or URL). Resolves with the known consent, if any. */
export async function init(o: InitOptions): Promise<Consent | null> {
  if (typeof document === 'undefined' || started) return consent;
  started = true;
  defaults();
  nonce = o.nonce;
  gpc = (navigator as any).globalPrivacyControl === true;
  let css: Promise<unknown> | undefined;
  // a stylesheet already linked by the page (the fastest install) is not injected twice
  if (o.css && !$$<HTMLLinkElement>('link[rel=stylesheet]').some((l) => l.href === new URL(o.css as string, location.href).href)) {
    const l = document.createElement('link');
    l.rel = 'stylesheet';
    l.href = o.css;
    if (nonce) l.nonce = nonce;
    css = new Promise((r) => {
      l.onload = l.onerror = r;
    });
    document.head.appendChild(l);
  }
  base = o.base || (typeof o.config === 'string' ? new URL(o.config, location.href).href : location.href);
  cfg =
    typeof o.config === 'string'
      ? await fetch(o.config).then((r) => {
          if (!r.ok) throw new Error(`Custodian: config ${r.status}`);
          return r.json();
        })
      : o.config;
  await css;
  if (document.readyState === 'loading') await new Promise((r) => document.addEventListener('DOMContentLoaded', r));
  start();
  return consent;
}

function fromStored(s: StoredConsent): Consent {
  const categories: Flags = {};
  const services: Flags = {};
  for (const c of cfg.categories) categories[c.id] = c.locked || s.c[c.id] === 1;
  for (const v of cfg.services) services[v.id] = categories[v.category] && s.s?.[v.id] !== 0;
  return { id: s.id, time: s.t, categories, services, gpc };
}

function start(): void {
  const stored = parseStored(readCookie(cfg.consent.cookieName));
  const status = consentStatus(stored, cfg, now());
  changed = status === 'changed';
  if (stored && (status === 'valid' || status === 'reask')) consent = fromStored(stored);
  render();
  apply();
  watch();
  if (consent) emit();
  document.addEventListener('click', (e) => {
    const t = (e.target as Element).closest?.('[data-custodian-open]');
    if (t) {
      e.preventDefault();
      show();
    }
  });
  if (status === 'valid') fab.hidden = false;
  else openBar();
}

function emit(): void {
  for (const f of listeners) f(consent!);
}

/** Apply the current consent to the page: Consent Mode, blocked scripts, embeds, cookies. */
function apply(): void {
  if (consent) gtag('consent', 'update', consentMode(consent.categories));
  revive();
  if (consent) purge();
}

/** Run the blocked scripts and load the embeds the consent allows; placeholders for the others. */
function revive(): void {
  for (const el of $$<HTMLScriptElement>('script[type="text/plain"][data-category]')) {
    if (!allowed(el.dataset.category!, el.dataset.service)) continue;
    const s = document.createElement('script');
    for (const a of Array.from(el.attributes)) {
      if (!/^(type|data-(src|type|category|service))$/.test(a.name)) s.setAttribute(a.name, a.value);
    }
    const n = el.nonce || nonce;
    if (n) s.nonce = n;
    if (el.dataset.type) s.type = el.dataset.type;
    if (el.dataset.src) {
      s.src = el.dataset.src;
      s.async = el.hasAttribute('async');
    } else s.text = el.text;
    el.replaceWith(s);
  }
  for (const el of $$<HTMLIFrameElement>('iframe[data-category],img[data-category]')) {
    const d = el.dataset;
    const ok = allowed(d.category!, d.service);
    let ph = placeholders.get(el);
    if (ok && d.src) {
      el.src = d.src;
      delete d.src;
    } else if (!ok && !d.src && el.getAttribute('src')) {
      d.src = el.getAttribute('src')!;
      el.removeAttribute('src');
    }
    el.hidden = !ok;
    if (!ok && !ph) {
      const svc = cfg.services.find((s) => s.id === d.service);
      const cat = cfg.categories.find((c) => c.id === d.category);
      ph = document.createElement('div');
      ph.className = 'cst-ph';
      ph.innerHTML = `<p>${esc(svc?.title || cat?.title || '')}</p><p>${esc(T('limitedServices'))}</p><button type="button" data-custodian-open>${esc(T('customise'))}</button>`;
      el.before(ph);
      placeholders.set(el, ph);
    }
    if (ph) ph.hidden = ok;
  }
}

/** Markup added after load (single-page apps, late widgets) is blocked or revived like the rest. */
function watch(): void {
  let queued = false;
  new MutationObserver((records) => {
    if (queued) return;
    const added = records.some((r) =>
      Array.from(r.addedNodes).some((n) => n instanceof Element && (n.matches('[data-category]') || !!n.querySelector('[data-category]'))),
    );
    if (!added) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      revive();
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
}

/** Delete the cookies of every refused service, on the host and its parent domains. */
function purge(): void {
  const names = document.cookie
    .split(';')
    .map((c) => c.split('=')[0].trim())
    .filter(Boolean);
  for (const s of cfg.services) {
    if (allowed(s.category, s.id)) continue;
    for (const ck of s.cookies) {
      for (const n of matchCookies(names, [ck.name])) {
        if (n === cfg.consent.cookieName) continue;
        for (const d of ['', ...cookieDomains(location.hostname, ck.domain)]) {
          // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not available everywhere
          document.cookie = `${n}=; Max-Age=0; Path=/${d ? `; Domain=${d}` : ''}`;
        }
      }
    }
  }
}

function decide(action: ConsentAction, cats: Flags, svcs: Flags = {}): Consent {
  const prev = consent;
  const categories: Flags = {};
  const services: Flags = {};
  for (const c of cfg.categories) categories[c.id] = c.locked || !!cats[c.id];
  for (const s of cfg.services) services[s.id] = categories[s.category] && svcs[s.id] !== false;
  if (
    prev &&
    (Object.keys(categories).some((k) => prev.categories[k] && !categories[k]) ||
      Object.keys(services).some((k) => prev.services[k] && !services[k]))
  )
    action = 'withdraw';
  consent = { id: prev?.id || uuid(), time: now(), categories, services, gpc };
  changed = false;
  asking = false;
  const c: Record<string, 0 | 1> = {};
  const s: Record<string, 0 | 1> = {};
  for (const k in categories) c[k] = categories[k] ? 1 : 0;
  for (const k in services) s[k] = services[k] ? 1 : 0;
  const k = cfg.consent;
  const stored: StoredConsent = { id: consent.id, t: consent.time, c, s, v: cfg.policyVersion, cv: cfg.cookiePolicyVersion, h: cfg.hash };
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not available everywhere
  document.cookie = `${k.cookieName}=${encodeStored(stored)}; Max-Age=${k.lifetimeDays * 86400}; Path=/; SameSite=Lax${
    k.cookieDomain ? `; Domain=${k.cookieDomain}` : ''
  }${location.protocol === 'https:' ? '; Secure' : ''}`;
  send({
    eventId: uuid(),
    consentId: consent.id,
    property: cfg.property,
    action,
    choices: categories,
    services,
    policyVersion: cfg.policyVersion,
    bannerHash: cfg.hash,
    locale: cfg.locale,
    gpc,
  });
  close();
  apply();
  emit();
  return consent;
}

function send(ev: ConsentEvent): void {
  const url = new URL(cfg.endpoint, base).href;
  const body = JSON.stringify(ev);
  try {
    if (navigator.sendBeacon?.(url, body)) return;
  } catch {}
  fetch(url, { method: 'POST', body, keepalive: true, credentials: 'omit', headers: { 'content-type': 'text/plain' } }).catch(
    () => {},
  );
}

const sw = (attr: string, id: string, label: string, on: boolean, dis: boolean, extra = '') =>
  `<label class="cst-sw"><input type="checkbox" role="switch" ${attr}="${esc(id)}"${on ? ' checked' : ''}${dis ? ' disabled' : ''}> <span>${esc(label)}</span>${extra}</label>`;

const btns = (last: string) =>
  `<div class="cst-btns"><button type="button" data-a="all">${esc(T('acceptAll'))}</button><button type="button" data-a="none">${esc(
    T('rejectAll'),
  )}</button><button type="button" data-a="${last}">${esc(T(last === 'more' ? 'customise' : 'save'))}</button></div>`;

function notes(): string {
  return (
    (changed ? `<p class="cst-note">${esc(T('policyChanged'))}</p>` : '') +
    (gpc && !consent ? `<p class="cst-note">${esc(T('gpcNotice'))}</p>` : '')
  );
}

const closeX = () => `<button type="button" class="cst-x" data-a="x" aria-label="${esc(T('close'))}">×</button>`;

function render(): void {
  root = document.createElement('div');
  root.className = 'cst';
  root.lang = cfg.locale;
  const l = cfg.links;
  root.innerHTML =
    `<div class="cst-bar" role="dialog" aria-labelledby="cst-t" aria-describedby="cst-d" tabindex="-1" hidden>${closeX()}<h2 id="cst-t">${esc(
      T('title'),
    )}</h2><div class="cst-n"></div><p id="cst-d">${esc(T('body'))} <a href="${esc(l.privacy)}">${esc(T('privacyLink'))}</a> · <a href="${esc(
      l.cookies,
    )}">${esc(T('cookiesLink'))}</a></p>${btns('more')}</div>` +
    `<button type="button" class="cst-fab" data-a="open" aria-label="${esc(T('reopen'))}" title="${esc(
      T('reopen'),
    )}" hidden><svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path fill="currentColor" d="M12 2a10 10 0 1 0 10 10 4 4 0 0 1-5-5 4 4 0 0 1-5-5zm-4 7a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zm2 6a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zm6 1a1 1 0 1 1 0 2 1 1 0 0 1 0-2z"/></svg></button>`;
  document.body.appendChild(root);
  [bar, fab] = Array.from(root.children) as [HTMLElement, HTMLElement];
  root.addEventListener('click', onClick);
  root.addEventListener('change', onSwitch);
}

/** The preferences dialog: a switch per category and service, and each service's cookies. */
function dialog(): HTMLDialogElement {
  if (dlg) return dlg;
  const cats = cfg.categories
    .map((c) => {
      const svcs = cfg.services.filter((s) => s.category === c.id);
      const list = svcs
        .map(
          (s) =>
            `<li>${sw('data-s', s.id, s.title, false, c.locked)}${s.description ? `<p>${esc(s.description)}</p>` : ''}<table><thead><tr><th scope="col">${esc(
              T('cookieName'),
            )}</th><th scope="col">${esc(T('cookieDomain'))}</th><th scope="col">${esc(T('cookieLifetime'))}</th></tr></thead><tbody>${s.cookies
              .map(
                (k) =>
                  `<tr><td>${esc(k.name)}</td><td>${esc(k.domain || location.hostname)}</td><td>${esc(k.lifetimeText)}</td></tr>`,
              )
              .join('')}</tbody></table></li>`,
        )
        .join('');
      return `<section class="cst-cat">${sw('data-c', c.id, c.title, c.locked, c.locked, c.locked ? ` <em>${esc(T('alwaysOn'))}</em>` : '')}<p>${esc(
        c.description,
      )}</p>${list ? `<details><summary>${esc(T('servicesHeading'))} (${svcs.length})</summary><ul>${list}</ul></details>` : ''}</section>`;
    })
    .join('');
  const d = document.createElement('dialog');
  d.className = 'cst-dlg';
  d.setAttribute('aria-labelledby', 'cst-t2');
  d.innerHTML = `${closeX()}<h2 id="cst-t2">${esc(T('customise'))}</h2><div class="cst-n"></div><p>${esc(T('limitedServices'))}</p>${cats}${btns('save')}`;
  root.insertBefore(d, fab);
  d.addEventListener('cancel', (e) => {
    e.preventDefault();
    dismiss();
  });
  d.addEventListener('keydown', trap);
  dlg = d;
  return d;
}

function switches(): [Flags, Flags] {
  const c: Flags = {};
  const s: Flags = {};
  for (const i of $$<HTMLInputElement>('input[data-c]', dialog())) c[i.dataset.c!] = i.checked;
  for (const i of $$<HTMLInputElement>('input[data-s]', dialog())) s[i.dataset.s!] = i.checked;
  return [c, s];
}

function onSwitch(e: Event): void {
  const i = e.target as HTMLInputElement;
  if (i.dataset.c) {
    for (const s of cfg.services) if (s.category === i.dataset.c) q(`input[data-s="${s.id}"]`).checked = i.checked;
  } else if (i.dataset.s) {
    const cat = cfg.services.find((s) => s.id === i.dataset.s)!.category;
    q(`input[data-c="${cat}"]`).checked = cfg.services.some(
      (s) => s.category === cat && q(`input[data-s="${s.id}"]`).checked,
    );
  }
}

const q = (sel: string) => dialog().querySelector(sel) as HTMLInputElement;

function onClick(e: Event): void {
  const a = (e.target as Element).closest('[data-a]')?.getAttribute('data-a');
  const all: Flags = {};
  for (const c of cfg.categories) all[c.id] = true;
  if (a === 'all') decide('accept_all', all);
  else if (a === 'none') decide('reject_all', {});
  else if (a === 'save') {
    const [c, s] = switches();
    decide('custom', c, s);
  } else if (a === 'more' || a === 'open') show();
  else if (a === 'x') dismiss();
}

/** Closing the banner when asked means refusing; reopened later to change a choice, it just closes. */
function dismiss(): void {
  if (consent && !asking) close();
  else decide(gpc ? 'gpc' : 'reject_all', {});
}

function trap(e: KeyboardEvent): void {
  if (e.key !== 'Tab') return;
  const f = $$<HTMLElement>('button,a[href],input:not([disabled]),summary', dialog()).filter((el) => el.offsetParent !== null);
  const first = f[0];
  const last = f[f.length - 1];
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

function openBar(): void {
  back = document.activeElement;
  asking = true;
  bar.querySelector('.cst-n')!.innerHTML = notes();
  bar.hidden = false;
  fab.hidden = true;
  bar.focus();
}

function close(): void {
  const wasOpen = dlg?.open || !bar.hidden;
  if (dlg?.open) dlg.close();
  bar.hidden = true;
  fab.hidden = false;
  if (wasOpen && back instanceof HTMLElement && back.isConnected && back !== document.body) back.focus();
  else if (wasOpen) fab.focus();
  back = null;
}

/** Open the preferences dialog (second layer). */
export function show(): void {
  if (!root) return;
  if (bar.hidden) back = document.activeElement;
  const d = dialog();
  const [c, s] = [consent?.categories || {}, consent?.services || {}];
  for (const i of $$<HTMLInputElement>('input[data-c]', d)) i.checked = locked(i.dataset.c!) || !!c[i.dataset.c!];
  for (const i of $$<HTMLInputElement>('input[data-s]', d)) {
    const cat = cfg.services.find((v) => v.id === i.dataset.s)!.category;
    i.checked = locked(cat) || !!s[i.dataset.s!];
  }
  d.querySelector('.cst-n')!.innerHTML = notes();
  bar.hidden = true;
  fab.hidden = true;
  if (!d.open) d.showModal();
  d.querySelector<HTMLElement>('input:not([disabled]),button:not(.cst-x)')?.focus();
}

/** Accept the given categories (locked ones always on), refusing the others; 'all' accepts everything. */
export function accept(categories: string[] | 'all'): Consent | null {
  if (!cfg) return null;
  const all = categories === 'all' || cfg.categories.every((c) => c.locked || categories.includes(c.id));
  const f: Flags = {};
  for (const c of cfg.categories) f[c.id] = all || categories.includes(c.id);
  return decide(all ? 'accept_all' : 'custom', f);
}

/** Call `fn` with the consent once it is known and after every change. Returns an unsubscribe function. */
export function onChange(fn: Listener): () => void {
  listeners.push(fn);
  return () => {
    const i = listeners.indexOf(fn);
    if (i >= 0) listeners.splice(i, 1);
  };
}

/** Start from a `<script src=".../custodian.js" data-property=… data-locale="en,fr">` or `data-config=URL` tag. */
export function fromScript(s: HTMLScriptElement): Promise<Consent | null> | undefined {
  defaults();
  const d = s.dataset;
  const src = s.src || location.href;
  const loc = pickLocale((d.locale || '').split(/[\s,]+/).filter(Boolean), document.documentElement.lang);
  const url = d.config
    ? d.config.replace('{locale}', loc)
    : d.property && `${new URL(src).origin}/v1/banner/config?property=${encodeURIComponent(d.property)}&locale=${loc}`;
  if (!url) return;
  return init({
    config: new URL(url, src).href,
    nonce: s.nonce || undefined,
    css: d.css ?? src.replace(/\.m?js(?=[?#]|$)/, '.css'),
    base: d.config ? undefined : src,
  });
}
