// IIFE entry: exposes `window.Custodian` and starts from the current <script> tag.
import { fromScript } from './index.ts';

export * from './index.ts';

const s = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null) : null;
if (s) fromScript(s)?.catch((e) => console.error(e));
