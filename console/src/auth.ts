// The access module's session endpoints (docs/access.md), in one place.
import { api, setCsrfToken } from './api.ts';
import type { Me } from './types.ts';

export interface SessionAnswer {
  staff?: Me;
  csrfToken?: string;
  /** The password was right; the TOTP step is awaited. */
  totpRequired?: boolean;
}

function remember(answer: SessionAnswer): SessionAnswer {
  setCsrfToken(answer.csrfToken);
  return answer;
}

export const authApi = {
  /** The signed-in staff member, or an ApiError 401. */
  session: async () => remember(await api<SessionAnswer>('GET', '/console/api/session', { quiet401: true })),
  signIn: async (email: string, password: string) =>
    remember(await api<SessionAnswer>('POST', '/console/api/session', { body: { email, password }, quiet401: true })),
  totp: async (input: { code?: string; recoveryCode?: string }) =>
    remember(await api<SessionAnswer>('POST', '/console/api/session/totp', { body: input, quiet401: true })),
  signOut: async () => {
    await api('DELETE', '/console/api/session', { quiet401: true });
    setCsrfToken(undefined);
  },
  setPassword: (token: string, password: string) => api('POST', '/console/api/password', { body: { token, password } }),
  setup: (token: string, email: string, password: string) => api('POST', '/console/api/setup', { body: { token, email, password } }),
  requestReset: (email: string) => api('POST', '/console/api/password/reset', { body: { email } }),
};
