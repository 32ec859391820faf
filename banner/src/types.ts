/** Banner configuration served by `GET /v1/banner/config` (see the banner contract). */
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

export type ConsentAction = 'accept_all' | 'reject_all' | 'custom' | 'withdraw' | 'gpc';

/** Body of `POST /v1/consents`. */
export interface ConsentEvent {
  eventId: string;
  consentId: string;
  property: string;
  action: ConsentAction;
  choices: Record<string, boolean>;
  services?: Record<string, boolean>;
  policyVersion: number;
  bannerHash: string;
  locale: string;
  gpc: boolean;
}

/** Value stored (URL-encoded JSON) in the consent cookie. */
export interface StoredConsent {
  id: string;
  t: number;
  c: Record<string, 0 | 1>;
  s?: Record<string, 0 | 1>;
  v: number;
  cv: string;
  h: string;
}

/** The visitor's current consent, as exposed by `Custodian.consent`. */
export interface Consent {
  id: string;
  /** epoch seconds of the decision */
  time: number;
  categories: Record<string, boolean>;
  services: Record<string, boolean>;
  gpc: boolean;
}

export interface InitOptions {
  /** the configuration object itself, or a URL to fetch it from */
  config: BannerConfig | string;
  /** CSP nonce for the stylesheet link and revived scripts (default: the script tag's nonce) */
  nonce?: string;
  /** stylesheet URL; false to skip injecting it (default: next to the script) */
  css?: string | false;
  /** base URL for a relative `endpoint` (default: the script's URL, else the page) */
  base?: string;
}
