// The banner's API, as published in dist/custodian.d.ts: the build puts types.ts in front of it, so the
// types are written once (types.ts) and this file holds only the functions and the global.
import type { Consent, InitOptions } from './types.ts';

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
