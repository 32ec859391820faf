// Talking to the server: JSON over fetch with the session cookie, the CSRF header on every
// state-changing call, and one error shape ({ error: { code, message } }) turned into ApiError.

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

const CSRF_HEADER = 'x-csrf-token';
let csrfToken: string | undefined;
const unauthorizedListeners = new Set<() => void>();

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when an authenticated call answers 401 (the session ended, e.g. the account was deactivated). */
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

function cookie(name: string): string | undefined {
  const hit = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : undefined;
}

export interface CallOptions {
  body?: unknown;
  /** A 401 here is an expected answer (sign-in), not a lost session. */
  quiet401?: boolean;
}

export async function request(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken ?? cookie('custodian_csrf');
    if (token) headers[CSRF_HEADER] = token;
  }
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (res.ok) return res;
  let code = 'CUSTODIAN_HTTP_' + res.status;
  let message = res.statusText || `HTTP ${res.status}`;
  try {
    const data = await res.json();
    if (data?.error) {
      code = data.error.code ?? code;
      message = data.error.message ?? message;
    }
  } catch {
    // not JSON
  }
  if (res.status === 401 && !options.quiet401) for (const fn of unauthorizedListeners) fn();
  throw new ApiError(code, message, res.status);
}

export async function api<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const res = await request(method, path, options);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, { body });
export const put = <T>(path: string, body: unknown = {}) => api<T>('PUT', path, { body });
export const patch = <T>(path: string, body: unknown = {}) => api<T>('PATCH', path, { body });
export const del = <T>(path: string) => api<T>('DELETE', path);

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return `${err.message} (${err.code})`;
  return err instanceof Error ? err.message : String(err);
}
