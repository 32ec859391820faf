// The banner configuration served to sites (CONTRACT-banner.md), built from the published policy in force:
// only the requested locale's texts, the built-in texts overridable by `cookies.banner` in the policy.
import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';
import { approxDays, formatDuration } from '../policy/duration.ts';
import { type Policy, t } from '../policy/model.ts';
import { ConsentErrors } from './errors.ts';

export interface BannerConfig {
  property: string;
  locale: string;
  policyVersion: number;
  cookiePolicyVersion: string;
  hash: string;
  endpoint: string;
  consent: { cookieName: string; cookieDomain?: string; lifetimeDays: number; reaskDays: number };
  categories: Array<{ id: string; locked: boolean; title: string; description: string }>;
  services: Array<{
    id: string;
    category: string;
    title: string;
    description?: string;
    cookies: Array<{ name: string; domain?: string; lifetime: string; lifetimeText: string }>;
  }>;
  texts: Record<string, string>;
  links: { privacy: string; cookies: string };
}

/** Built-in texts; a policy overrides any of them with `cookies.banner.<key>: { en: …, fr: … }`. */
export const defaultTexts: Record<string, Record<string, string>> = {
  en: {
    title: 'We use cookies',
    body: 'We and our partners use cookies to measure the audience and show you relevant content. You can accept, refuse or choose, and change your mind at any time.',
    acceptAll: 'Accept all',
    rejectAll: 'Reject all',
    customise: 'Customise',
    save: 'Save my choices',
    close: 'Close (refuse)',
    limitedServices: 'Refusing everything may limit some services, such as embedded videos.',
    gpcNotice: 'Your browser sends a Global Privacy Control signal: marketing stays refused unless you choose otherwise.',
    policyChanged: 'Our cookie policy has changed since your last choice: please choose again.',
    reopen: 'Cookie preferences',
    cookieName: 'Cookie',
    cookieDomain: 'Domain',
    cookieLifetime: 'Lifetime',
    alwaysOn: '(always on)',
    servicesHeading: 'Services',
    privacyLink: 'Privacy policy',
    cookiesLink: 'Cookie policy',
    session: 'Session',
  },
  fr: {
    title: 'Nous utilisons des cookies',
    body: "Nos partenaires et nous utilisons des cookies pour mesurer l'audience et vous montrer des contenus pertinents. Vous pouvez accepter, refuser ou choisir, et changer d'avis à tout moment.",
    acceptAll: 'Tout accepter',
    rejectAll: 'Tout refuser',
    customise: 'Personnaliser',
    save: 'Enregistrer mes choix',
    close: 'Fermer (refuser)',
    limitedServices: 'Tout refuser peut limiter certains services, comme les vidéos intégrées.',
    gpcNotice: 'Votre navigateur envoie le signal Global Privacy Control : la publicité reste refusée sauf choix contraire de votre part.',
    policyChanged: 'Notre politique cookies a changé depuis votre dernier choix : merci de choisir à nouveau.',
    reopen: 'Préférences cookies',
    cookieName: 'Cookie',
    cookieDomain: 'Domaine',
    cookieLifetime: 'Durée',
    alwaysOn: '(toujours actifs)',
    servicesHeading: 'Services',
    privacyLink: 'Politique de confidentialité',
    cookiesLink: 'Politique cookies',
    session: 'Session',
  },
};

/** JSON with object keys sorted: the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Changes whenever anything in the policy's cookie section changes (the banner then asks again). */
export function cookiePolicyVersion(policy: Policy): string {
  return sha256(canonicalJson(policy.cookies)).slice(0, 12);
}

export function buildBannerConfig(
  policy: Policy,
  policyVersion: number,
  property: string,
  locale: string,
  baseUrl: string,
): BannerConfig {
  if (!Object.hasOwn(policy.websites, property)) {
    throw new AppError(ConsentErrors.UNKNOWN_PROPERTY, `no website property "${property}" in the published policy`, 404);
  }
  if (!policy.locales.includes(locale)) {
    throw new AppError(ConsentErrors.BAD_LOCALE, `locale "${locale}" is not offered (offered: ${policy.locales.join(', ')})`, 400);
  }
  const fallback = policy.locales[0];
  const builtIn = defaultTexts[locale] ?? defaultTexts.en;
  const texts: Record<string, string> = { ...builtIn };
  for (const [key, text] of Object.entries(policy.cookies.banner)) texts[key] = t(text, locale, fallback);
  const sessionText = texts.session;
  delete texts.session;
  const base = baseUrl.replace(/\/$/, '');
  const config: BannerConfig = {
    property,
    locale,
    policyVersion,
    cookiePolicyVersion: cookiePolicyVersion(policy),
    hash: '',
    endpoint: `${base}/v1/consents`,
    consent: {
      cookieName: policy.cookies.consent.cookie_name,
      ...(policy.cookies.consent.domain ? { cookieDomain: policy.cookies.consent.domain } : {}),
      lifetimeDays: Math.floor(approxDays(policy.cookies.consent.lifetime)),
      reaskDays: Math.floor(approxDays(policy.cookies.consent.reask_after)),
    },
    categories: Object.entries(policy.cookies.categories).map(([id, c]) => ({
      id,
      locked: c.locked,
      title: t(c.label, locale, fallback),
      description: t(c.description, locale, fallback),
    })),
    services: Object.entries(policy.cookies.services).map(([id, s]) => ({
      id,
      category: s.category,
      title: s.name,
      ...(s.description ? { description: t(s.description, locale, fallback) } : {}),
      cookies: s.cookies.map((c) => ({
        name: c.name,
        ...(c.domain ? { domain: c.domain } : {}),
        lifetime: c.lifetime,
        lifetimeText: c.lifetime === 'session' ? sessionText : formatDuration(c.lifetime, locale),
      })),
    })),
    texts,
    links: { privacy: `${base}/privacy?lang=${locale}`, cookies: `${base}/cookies?lang=${locale}` },
  };
  config.hash = configHash(config);
  return config;
}

/** sha256 of the configuration without its own hash field. */
export function configHash(config: BannerConfig): string {
  return sha256(canonicalJson({ ...config, hash: undefined }));
}
