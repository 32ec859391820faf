// Walks the real server's whole route table: every route not in the public list must answer 401
// without credentials (and with forged ones), and every public entry must name a route that exists.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, makeStaff, signedIn, startTestServer } from '../access/testing.ts';
import type { RunningServer } from '../server.ts';
import { backendName, type TestDb, testDb } from '../store/testing.ts';
import { isPublic, publicRoutes } from './public-routes.ts';

/** Reads `app.printRoutes({ commonPrefix: false })`: a tree whose lines are "├── /segment (GET, HEAD)". */
export function parseRouteTree(tree: string): { method: string; url: string }[] {
  const routes: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    const url = (stack[depth - 1] ?? '') + m[2];
    stack[depth] = url;
    for (const method of m[3]?.split(',').map((s) => s.trim()) ?? []) routes.push({ method, url });
  }
  return routes;
}

describe(`route table (${backendName})`, () => {
  let db: TestDb;
  let server: RunningServer;
  let routes: { method: string; url: string }[];

  before(async () => {
    db = await testDb();
    server = await startTestServer(db);
    routes = parseRouteTree(server.app.printRoutes({ commonPrefix: false }));
  });
  after(async () => {
    await server.close();
    await db.close();
  });

  test('the route tree parses into full paths', () => {
    assert.deepEqual(
      parseRouteTree('├── /a (GET, HEAD)\n│   └── /:id (DELETE)\n└── /b\n    └── /c (POST)\n'),
      [
        { method: 'GET', url: '/a' },
        { method: 'HEAD', url: '/a' },
        { method: 'DELETE', url: '/a/:id' },
        { method: 'POST', url: '/b/c' },
      ],
    );
    assert.ok(routes.some((r) => r.method === 'GET' && r.url === '/v1/admin/whoami'));
    assert.ok(routes.some((r) => r.method === 'PUT' && r.url === '/console/api/staff/:id/roles'));
    assert.ok(routes.length > 30, `${routes.length} routes`);
  });

  test('every public entry names a registered route (no stale entries)', () => {
    const registered = new Set(routes.map((r) => `${r.method} ${r.url}`));
    const stale = [...publicRoutes].filter((entry) => !registered.has(entry));
    assert.deepEqual(stale, []);
  });

  test('every other route answers 401 without credentials, with a forged cookie and with a forged key', async () => {
    const guarded = routes.filter((r) => !isPublic(r.method, r.url));
    assert.ok(guarded.length > 20);
    const wrong: string[] = [];
    for (const { method, url } of guarded) {
      const path = url.replace(/:[A-Za-z_]+/g, 'x').replace(/\*/g, 'x');
      const withBody = !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(method);
      for (const headers of [
        {},
        { cookie: `custodian_session=${'A'.repeat(43)}`, 'x-csrf-token': 'forged' },
        { authorization: `Bearer cus_${'A'.repeat(43)}` },
        { authorization: 'Basic cm9vdDpyb290' },
      ] as Record<string, string>[]) {
        const res = await fetch(`${server.url}${path}`, {
          method,
          headers: withBody ? { ...headers, 'content-type': 'application/json' } : headers,
          body: withBody ? '{}' : undefined,
        });
        const text = await res.text();
        if (res.status !== 401 || (method !== 'HEAD' && !text.includes('CUSTODIAN_UNAUTHENTICATED'))) {
          wrong.push(`${method} ${url} ${JSON.stringify(headers)} → ${res.status}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('a staff session reads /v1/admin/whoami; it answers 401 without', async () => {
    const id = await makeStaff(server, 'dpo@example.com', ['admin']);
    const client = await signedIn(server, 'dpo@example.com');
    const me = await client.call('GET', '/v1/admin/whoami');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, { kind: 'staff', id, roles: ['admin'] });
    assert.equal((await new Client(server.url).call('GET', '/v1/admin/whoami')).status, 401);
  });
});
