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
]);

export function isPublic(method: string, url: string): boolean {
  return publicRoutes.has(`${method === 'HEAD' ? 'GET' : method} ${url}`);
}
