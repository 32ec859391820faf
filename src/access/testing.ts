// Test helpers: a real server on a test store, and a small HTTP client with a cookie jar and CSRF token.
import { loadConfig } from '../config.ts';
import { createServer, type RunningServer } from '../server.ts';
import type { TestDb } from '../store/testing.ts';
import { createStaff, setPasswordFromLink } from './staff.ts';

export const FIXTURE_POLICY = 'test/fixtures/policy.yaml';

export async function startTestServer(db: TestDb, env: Record<string, string> = {}): Promise<RunningServer> {
  const config = loadConfig({ PORT: '0', CUSTODIAN_POLICY: FIXTURE_POLICY, CUSTODIAN_JOBS: 'false', LOG_LEVEL: 'silent', ...env });
  return createServer(config, { logger: false, db });
}

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** A browser-like client: keeps the session cookie, sends the CSRF token it was given. */
export class Client {
  readonly base: string;
  cookie: string | undefined;
  csrf: string | undefined;

  constructor(base: string) {
    this.base = base;
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && !('content-type' in h)) h['content-type'] = 'application/json';
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0];
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {}
    if (parsed && typeof parsed === 'object' && typeof parsed.csrfToken === 'string') this.csrf = parsed.csrfToken;
    return { status: res.status, body: parsed, headers: res.headers };
  }

  async signIn(email: string, password: string): Promise<Answer> {
    return this.call('POST', '/console/api/session', { email, password });
  }
}

export const PASSWORD = 'correct horse battery staple';

/** A staff member with a password, made through the same functions the CLI and console use. */
export async function makeStaff(
  server: RunningServer,
  email: string,
  roles: string[],
  extra: { trainingDate?: string; confidentialityAcknowledged?: boolean } = {},
): Promise<string> {
  const { staff, token } = await createStaff(server.ctx, 'test', { email, roles, ...extra });
  await setPasswordFromLink(server.ctx, token, PASSWORD);
  return staff.id;
}

/** A signed-in client. */
export async function signedIn(server: RunningServer, email: string, password = PASSWORD): Promise<Client> {
  const client = new Client(server.url);
  const answer = await client.signIn(email, password);
  if (answer.status !== 200) throw new Error(`sign-in failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return client;
}
