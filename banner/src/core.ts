// Pure logic: no window/document access, safe to import anywhere.
import type { BannerConfig, StoredConsent } from './types.ts';

const DAY = 86400;

/** `*` in a cookie name pattern matches any run of characters. */
export function patternToRegExp(pattern: string): RegExp {
  return new RegExp('^' + pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
}

export function parseStored(raw: string | undefined): StoredConsent | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(decodeURIComponent(raw));
    return v && typeof v.id === 'string' && typeof v.t === 'number' && v.c && typeof v.c === 'object' ? v : null;
  } catch {
    return null;
  }
}

export function encodeStored(s: StoredConsent): string {
  return encodeURIComponent(JSON.stringify(s));
}

/**
 * What to do with a stored choice:
 * 'none' no usable choice (ask), 'valid' apply it, 'reask' apply it but ask again (re-ask interval passed),
 * 'changed' the cookie policy changed since (ask, saying so; the old choice is not applied).
 */
export function consentStatus(
  s: StoredConsent | null,
  cfg: Pick<BannerConfig, 'consent' | 'cookiePolicyVersion' | 'categories'>,
  now: number,
): 'none' | 'valid' | 'reask' | 'changed' {
  if (!s) return 'none';
  const age = now - s.t;
  if (age < 0 || age > cfg.consent.lifetimeDays * DAY) return 'none';
  if (s.cv !== cfg.cookiePolicyVersion) return 'changed';
  if (cfg.categories.some((c) => !c.locked && !(c.id in s.c))) return 'changed';
  if (age > Math.min(cfg.consent.reaskDays, cfg.consent.lifetimeDays) * DAY) return 'reask';
  return 'valid';
}

export type ConsentModeState = Record<string, 'granted' | 'denied'>;

/** Google Consent Mode v2 types from our categories. */
export function consentMode(cats: Record<string, boolean>): ConsentModeState {
  const g = (on: boolean | undefined) => (on ? 'granted' : 'denied');
  return {
    ad_storage: g(cats.marketing),
    ad_user_data: g(cats.marketing),
    ad_personalization: g(cats.marketing),
    analytics_storage: g(cats.performance),
    functionality_storage: g(cats.functional),
    personalization_storage: g(cats.functional),
    security_storage: 'granted',
  };
}

/** Domains on which to try deleting a cookie: the host's parent domains (never a bare TLD). */
export function cookieDomains(host: string, extra?: string): string[] {
  const out: string[] = [];
  const parts = host.split('.');
  if (!/^[\d.]+$/.test(host) && !host.includes(':')) {
    for (let i = 0; i < parts.length - 1; i++) out.push('.' + parts.slice(i).join('.'));
  }
  if (extra && !out.includes(extra)) out.push(extra);
  return out;
}

/** Names of cookies in `names` matching one of `patterns`. */
export function matchCookies(names: string[], patterns: string[]): string[] {
  const res = patterns.map(patternToRegExp);
  return names.filter((n) => res.some((r) => r.test(n)));
}

/** Locale to request: the page's language if offered, else the first offered. */
export function pickLocale(offered: string[], pageLang: string | null | undefined): string {
  const l = (pageLang || '').toLowerCase().split('-')[0];
  return offered.includes(l) ? l : offered[0] || l || 'en';
}
