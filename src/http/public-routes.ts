// The routes that answer without credentials. Everything else needs a staff session or an API key;
// src/http/routes.int.test.ts walks the whole route table and fails on any unlisted route that answers.
// Each entry is "METHOD /path" exactly as registered (HEAD routes follow their GET).
export const publicRoutes = new Set<string>([
  'GET /healthz',
  'GET /readyz',
  'GET /openapi.json',
  // Published texts and their versions: public by nature (Art. 13).
  'GET /privacy',
  'GET /cookies',
  'GET /assets/policy.css',
  'GET /v1/policy/versions',
  'GET /v1/policy/versions/:id',
  // The console's bundle (HTML, JS, CSS): no data in it; its pages read the authenticated /console/api/.
  'GET /console',
  'GET /console/',
  'GET /console/assets/:file',
  // Staff sign-in (access module). Each needs its own credential: a password, a pending session's
  // cookie and CSRF token, or a one-time link's token. JSON bodies only (no cross-site form posts),
  // rate-limited, 16 KB at most.
  'POST /console/api/session', // password step
  'POST /console/api/session/totp', // TOTP step (checks the pending session itself)
  'POST /console/api/password', // set a password from a set-password or reset link
  'POST /console/api/password/reset', // ask for a reset link (same answer for every address)
  'POST /console/api/setup', // create the first admin from the setup link (fresh store only)
  // Consent (module consent): the banner's files and configuration, loaded by any site; consent ingest,
  // which checks the Origin against the property's origins, limits size and rate, and answers CORS preflights.
  'GET /v1/banner/config',
  'GET /banner.js',
  'GET /banner.css',
  'POST /v1/consents',
  'OPTIONS /v1/consents',
]);

export function isPublic(method: string, url: string): boolean {
  return publicRoutes.has(`${method === 'HEAD' ? 'GET' : method} ${url}`);
}
