// Types for the Custodian consent banner (custodian.mjs / window.Custodian from custodian.js).

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

export interface StoredConsent {
  id: string;
  t: number;
  c: Record<string, 0 | 1>;
  s?: Record<string, 0 | 1>;
  v: number;
  cv: string;
  h: string;
}

export interface Consent {
  id: string;
  /** epoch seconds of the decision */
  time: number;
  categories: Record<string, boolean>;
  services: Record<string, boolean>;
  gpc: boolean;
}

export interface InitOptions {
  /** the configuration object, or the URL to fetch it from */
  config: BannerConfig | string;
  /** CSP nonce for the injected stylesheet and revived scripts */
  nonce?: string;
  /** stylesheet URL to inject (none by default with init()) */
  css?: string | false;
  /** base URL for a relative endpoint (default: the config URL, else the page) */
  base?: string;
}

/** The visitor's current consent, null until known. */
export declare const consent: Consent | null;
/** Start the banner. Does nothing outside a browser. */
export declare function init(options: InitOptions): Promise<Consent | null>;
/** Start from a `<script data-property data-locale>` or `<script data-config>` tag. */
export declare function fromScript(script: HTMLScriptElement): Promise<Consent | null> | undefined;
/** Open the preferences dialog. */
export declare function show(): void;
/** Accept these categories (locked ones are always on) and refuse the others. */
export declare function accept(categories: string[] | 'all'): Consent | null;
/** Called with the consent once known and on every change; returns an unsubscribe function. */
export declare function onChange(fn: (consent: Consent) => void): () => void;
/** Whether a category (and optionally a service in it) is allowed now. */
export declare function allowed(category: string, service?: string | null): boolean;

declare global {
  interface Window {
    Custodian: {
      readonly consent: Consent | null;
      init: typeof init;
      show: typeof show;
      accept: typeof accept;
      onChange: typeof onChange;
      allowed: typeof allowed;
    };
  }
}
