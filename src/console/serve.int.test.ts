import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { after, before, test } from 'node:test';
import type { AppContext } from '../context.ts';
import { installErrorHandlers } from '../http/errors.ts';
import { installSecurityHeaders } from '../http/security.ts';
import { consoleRoutes } from './serve.ts';

let app: FastifyInstance;
let dir: string;
const js = `console.log(${JSON.stringify('x'.repeat(4000))});`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'console-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>c</title><script type="module" src="/console/assets/index-AbCdEf12.js"></script>');
  writeFileSync(join(dir, 'assets', 'index-AbCdEf12.js'), js);
  writeFileSync(join(dir, 'assets', 'plain.txt'), 'not hashed');
  writeFileSync(join(dir, 'secret.txt'), 'outside assets');
  app = Fastify();
  installErrorHandlers(app);
  installSecurityHeaders(app, false);
  await consoleRoutes(app, {} as AppContext, { dir });
});
after(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

test('console: /console redirects to /console/, whose page is revalidated and under the strict CSP', async () => {
  const redirect = await app.inject('/console');
  assert.equal(redirect.statusCode, 301);
  assert.equal(redirect.headers.location, '/console/');
  const page = await app.inject('/console/');
  assert.equal(page.statusCode, 200);
  assert.match(String(page.headers['content-type']), /^text\/html/);
  assert.equal(page.headers['cache-control'], 'no-cache');
  assert.match(String(page.headers['content-security-policy']), /script-src 'self';/);
  assert.match(String(page.headers['content-security-policy']), /style-src 'self';/);
  const again = await app.inject({ url: '/console/', headers: { 'if-none-match': String(page.headers.etag) } });
  assert.equal(again.statusCode, 304);
});

test('console: hashed assets are cached for a year and sent compressed when accepted', async () => {
  const plain = await app.inject('/console/assets/index-AbCdEf12.js');
  assert.equal(plain.statusCode, 200);
  assert.equal(plain.body, js);
  assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.match(String(plain.headers['content-type']), /^text\/javascript/);
  const gz = await app.inject({ url: '/console/assets/index-AbCdEf12.js', headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(gz.rawPayload).toString(), js);
  assert.ok(gz.rawPayload.length < js.length / 10);
  const br = await app.inject({ url: '/console/assets/index-AbCdEf12.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
  assert.equal(br.headers['content-encoding'], 'br');
  const unhashed = await app.inject('/console/assets/plain.txt');
  assert.equal(unhashed.headers['cache-control'], 'no-cache');
});

test('console: no file outside console/dist/assets, no missing file', async () => {
  for (const url of ['/console/assets/../secret.txt', '/console/assets/%2e%2e/secret.txt', '/console/assets/..%2fsecret.txt', '/console/assets/nope.js']) {
    const res = await app.inject(url);
    assert.equal(res.statusCode, 404, url);
    assert.doesNotMatch(res.body, /outside assets/);
  }
});

test('console: without a built bundle the page answers 503 with a code', async () => {
  const bare = Fastify();
  installErrorHandlers(bare);
  await consoleRoutes(bare, {} as AppContext, { dir: join(dir, 'missing') });
  const res = await bare.inject('/console/');
  assert.equal(res.statusCode, 503);
  assert.equal(res.json().error.code, 'CUSTODIAN_CONSOLE_UNAVAILABLE');
  await bare.close();
});
