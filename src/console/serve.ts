// The staff console's bundle (console/dist, built by Vite): /console/ is its one HTML page and
// /console/assets/* its hashed files. The bundle is public — it holds no data; everything it shows
// comes from the authenticated APIs. Hashed files are cached for a year, the page is revalidated.
// Files are read once, and served gzip- or brotli-compressed when the browser accepts it.
import { createHash } from 'node:crypto';
import { existsSync, globSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { AppError, CoreErrors } from '../errors.ts';
import { ConsoleErrors } from './errors.ts';

export const consoleDir = fileURLToPath(new URL('../../console/', import.meta.url));
export const distDir = join(consoleDir, 'dist');

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};
const compressible = new Set(['.js', '.css', '.html', '.svg', '.json']);
/** Vite names built files `name-<hash>.ext`. */
const HASHED = /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;
/** Vite writes assets flat in dist/assets: one path segment, no dot first. */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

interface Asset {
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  type: string;
  etag: string;
  immutable: boolean;
}

export function consoleBuilt(dir = distDir): boolean {
  return existsSync(join(dir, 'index.html'));
}

/**
 * Builds the console with Vite when console/dist is missing (`npm start` from a fresh checkout).
 * Builds into a scratch directory renamed into place, so two instances starting together cannot
 * serve a half-written bundle. Returns false when Vite is not installed (production install without
 * the bundle): the server then answers 503 on /console.
 */
export async function buildConsoleIfMissing(options: { log?: (message: string) => void; ifStale?: boolean } = {}): Promise<boolean> {
  if (consoleBuilt() && !(options.ifStale && consoleStale())) return true;
  const log = options.log ?? ((m: string) => console.log(m));
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    log('console/dist is missing and Vite is not installed: the console is unavailable (run "npm run build" where dev dependencies are installed)');
    return false;
  }
  const scratch = join(consoleDir, `dist.tmp-${process.pid}-${Date.now()}`);
  log('building the console (console/dist is missing)…');
  try {
    await vite.build({ configFile: join(consoleDir, 'vite.config.ts'), logLevel: 'warn', build: { outDir: scratch, emptyOutDir: true } });
    if (options.ifStale) rmSync(distDir, { recursive: true, force: true });
    if (!consoleBuilt()) renameSync(scratch, distDir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return consoleBuilt();
}

/** True when a source file of the console is newer than the built page (tests and development). */
export function consoleStale(): boolean {
  const built = statSync(join(distDir, 'index.html')).mtimeMs;
  const sources = [join(consoleDir, 'index.html'), join(consoleDir, 'vite.config.ts'), ...globSync('src/**/*', { cwd: consoleDir }).map((f) => join(consoleDir, f))];
  return sources.some((f) => statSync(f).mtimeMs > built);
}

function load(file: string, immutable: boolean): Asset {
  const body = readFileSync(file);
  const ext = file.slice(file.lastIndexOf('.'));
  const asset: Asset = {
    body,
    type: types[ext] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    immutable,
  };
  if (compressible.has(ext) && body.length > 1024) {
    asset.gzip = gzipSync(body, { level: 9 });
    asset.br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  }
  return asset;
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset) {
  reply
    .header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .header('etag', asset.etag)
    .header('vary', 'accept-encoding')
    .type(asset.type);
  if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
  const accepts = String(request.headers['accept-encoding'] ?? '');
  if (asset.br && /\bbr\b/.test(accepts)) return reply.header('content-encoding', 'br').send(asset.br);
  if (asset.gzip && /\bgzip\b/.test(accepts)) return reply.header('content-encoding', 'gzip').send(asset.gzip);
  return reply.send(asset.body);
}

export async function consoleRoutes(app: FastifyInstance, _ctx: AppContext, options: { dir?: string } = {}): Promise<void> {
  const dir = options.dir ?? distDir;
  const cache = new Map<string, Asset>();
  const get = (name: string, immutable: boolean): Asset | undefined => {
    let asset = cache.get(name);
    if (!asset) {
      const file = join(dir, name);
      if (!existsSync(file)) return undefined;
      asset = load(file, immutable);
      cache.set(name, asset);
    }
    return asset;
  };
  const hide = { hide: true };

  app.get('/console', { schema: hide }, async (_request, reply) => reply.redirect('/console/', 301));

  app.get('/console/', { schema: hide }, async (request, reply) => {
    const page = get('index.html', false);
    if (!page) throw new AppError(ConsoleErrors.UNAVAILABLE, 'the console is not built: run "npm run build"', 503);
    return send(request, reply, page);
  });

  app.get<{ Params: { file: string } }>('/console/assets/:file', { schema: hide }, async (request, reply) => {
    const name = request.params.file;
    if (!SAFE_NAME.test(name)) throw new AppError(CoreErrors.NOT_FOUND, 'no such console file', 404);
    const asset = get(`assets/${name}`, HASHED.test(name));
    if (!asset) throw new AppError(CoreErrors.NOT_FOUND, 'no such console file', 404);
    return send(request, reply, asset);
  });
}
