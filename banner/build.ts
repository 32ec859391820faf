// Builds the banner into banner/dist: custodian.js (IIFE, global `Custodian`), custodian.mjs (ESM),
// custodian.css and custodian.d.ts. `node banner/build.ts` or `await buildBanner()`.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'src');

export interface BannerDist {
  dir: string;
  js: string;
  mjs: string;
  css: string;
  dts: string;
}

export function bannerDist(dir = join(here, 'dist')): BannerDist {
  return {
    dir,
    js: join(dir, 'custodian.js'),
    mjs: join(dir, 'custodian.mjs'),
    css: join(dir, 'custodian.css'),
    dts: join(dir, 'custodian.d.ts'),
  };
}

function mtime(p: string): number {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

/** Build the banner (skipped when dist is newer than every source, unless `force`). Returns the dist paths. */
export async function buildBanner(opts: { outdir?: string; force?: boolean } = {}): Promise<BannerDist> {
  const out = bannerDist(opts.outdir);
  const sources = ['index.ts', 'core.ts', 'types.ts', 'auto.ts', 'custodian.css', 'api.d.ts'].map((f) => join(src, f));
  const newest = Math.max(...sources.map(mtime));
  const oldest = Math.min(...[out.js, out.mjs, out.css, out.dts].map(mtime));
  if (!opts.force && oldest > 0 && oldest >= newest) return out;
  const { build, transform } = await import('esbuild');
  mkdirSync(out.dir, { recursive: true });
  const common = { bundle: true, minify: true, target: 'es2020', legalComments: 'none', charset: 'utf8', logLevel: 'warning' } as const;
  await build({ ...common, entryPoints: [join(src, 'auto.ts')], format: 'iife', globalName: 'Custodian', outfile: out.js });
  await build({ ...common, entryPoints: [join(src, 'index.ts')], format: 'esm', outfile: out.mjs });
  const css = await transform(readFileSync(join(src, 'custodian.css'), 'utf8'), { loader: 'css', minify: true });
  writeFileSync(out.css, css.code);
  // One declaration file: the types, then the API (its import of the types dropped).
  const api = readFileSync(join(src, 'api.d.ts'), 'utf8').replace(/^import type .*\n/m, '');
  writeFileSync(out.dts, `// Types for the Custodian consent banner (custodian.mjs, or window.Custodian from custodian.js).\n${readFileSync(join(src, 'types.ts'), 'utf8')}\n${api}`);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await buildBanner({ force: true });
  const { gzipSync } = await import('node:zlib');
  for (const f of [out.js, out.mjs, out.css]) {
    const b = readFileSync(f);
    console.log(`${f.slice(out.dir.length + 1).padEnd(16)} ${String(b.length).padStart(6)} B  gzip ${gzipSync(b, { level: 9 }).length} B`);
  }
}
