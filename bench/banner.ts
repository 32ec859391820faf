// Banner benchmark: bytes a site loads (JS + CSS + one locale/config) and, in the same Chromium run,
// time to banner visible and main-thread blocking time, for Custodian and three peers.
// `npm run bench:banner [-- --rounds 7]`. Prints a table and writes bench/results/banner-<date>.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { buildBanner } from '../banner/build.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nm = (p: string) => join(root, 'node_modules', p);
const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '7' } } });
const ROUNDS = Number(args.rounds);

const dist = await buildBanner();
const pkgVersion = (p: string) => JSON.parse(readFileSync(nm(`${p}/package.json`), 'utf8')).version as string;
// the Custodian config as served (compact JSON), the peers' equivalent site configs
const custodianConfig = JSON.stringify(JSON.parse(readFileSync(join(root, 'banner/test/fixtures/config.en.json'), 'utf8')));

interface Peer {
  id: string;
  name: string;
  /** url path → file on disk (or literal content) for every file the site loads */
  files: Record<string, string | { body: string }>;
  head: string;
  body: string;
  /** CSS selector of the first-layer banner */
  selector: string;
}

const BODY = `<header><h1>Shop</h1></header><main><p>${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(20)}</p></main>`;
const peers: Peer[] = [
  {
    id: 'none',
    name: 'page without banner (floor)',
    files: {},
    head: '',
    body: BODY,
    selector: 'h1',
  },
  {
    id: 'custodian',
    name: 'Custodian',
    files: { '/c/custodian.js': dist.js, '/c/custodian.css': dist.css, '/c/config.en.json': { body: custodianConfig } },
    // the recommended install (docs/banner.md): stylesheet linked and configuration preloaded, like the peers' files
    head:
      '<link rel="stylesheet" href="/c/custodian.css"><link rel="preload" as="fetch" crossorigin="anonymous" href="/c/config.en.json">' +
      '<script src="/c/custodian.js" data-config="/c/config.{locale}.json" data-locale="en"></script>',
    body: `${BODY}<iframe data-category="marketing" data-service="video" data-src="/embed" title="Video"></iframe>
<script type="text/plain" data-category="performance">window.__ga=1</script><script type="text/plain" data-category="marketing" data-service="ads">window.__ads=1</script>`,
    selector: '.cst-bar',
  },
  {
    id: 'vanilla',
    name: `vanilla-cookieconsent ${pkgVersion('vanilla-cookieconsent')}`,
    files: {
      '/v/cookieconsent.umd.js': nm('vanilla-cookieconsent/dist/cookieconsent.umd.js'),
      '/v/cookieconsent.css': nm('vanilla-cookieconsent/dist/cookieconsent.css'),
      '/v/config.js': join(root, 'bench/peers/vanilla-config.js'),
    },
    head: '<link rel="stylesheet" href="/v/cookieconsent.css"><script defer src="/v/cookieconsent.umd.js"></script><script defer src="/v/config.js"></script>',
    body: `${BODY}<iframe data-src="/embed" title="Video"></iframe>
<script type="text/plain" data-category="performance">window.__ga=1</script><script type="text/plain" data-category="marketing" data-service="ads">window.__ads=1</script>`,
    selector: '#cc-main .cm',
  },
  {
    id: 'klaro',
    name: `klaro ${pkgVersion('klaro')}`,
    files: { '/k/config.js': join(root, 'bench/peers/klaro-config.js'), '/k/klaro.js': nm('klaro/dist/klaro.js') },
    head: '<script defer src="/k/config.js"></script><script defer src="/k/klaro.js"></script>',
    body: `${BODY}<iframe data-name="video" data-src="/embed" title="Video"></iframe>
<script type="text/plain" data-type="text/javascript" data-name="analytics">window.__ga=1</script><script type="text/plain" data-type="text/javascript" data-name="ads">window.__ads=1</script>`,
    selector: '.klaro .cookie-notice',
  },
  {
    id: 'tarteaucitron',
    name: `tarteaucitron ${pkgVersion('tarteaucitronjs')}`,
    files: {
      '/t/tarteaucitron.min.js': nm('tarteaucitronjs/tarteaucitron.min.js'),
      '/t/tarteaucitron.services.min.js': nm('tarteaucitronjs/tarteaucitron.services.min.js'),
      '/t/lang/tarteaucitron.en.min.js': nm('tarteaucitronjs/lang/tarteaucitron.en.min.js'),
      '/t/css/tarteaucitron.min.css': nm('tarteaucitronjs/css/tarteaucitron.min.css'),
      '/t/advertising.min.js': nm('tarteaucitronjs/advertising.min.js'),
      '/t/config.js': join(root, 'bench/peers/tac-config.js'),
    },
    head: '<script src="/t/tarteaucitron.min.js"></script><script src="/t/config.js"></script>',
    body: `${BODY}<div class="youtube_player" videoID="xxxxxxxxxxx" width="560" height="315"></div>`,
    selector: '#tarteaucitronAlertBig',
  },
];

// ---- sizes -------------------------------------------------------------------------------------
interface Size {
  files: number;
  minified: number;
  gzip: number;
  brotli: number;
}
const content = new Map<string, Buffer>();
const gz = new Map<string, Buffer>();
const sizes: Record<string, Size> = {};
for (const p of peers) {
  const s: Size = { files: 0, minified: 0, gzip: 0, brotli: 0 };
  for (const [url, f] of Object.entries(p.files)) {
    const b = typeof f === 'string' ? readFileSync(f) : Buffer.from(f.body);
    content.set(url, b);
    gz.set(url, gzipSync(b, { level: 9 }));
    s.files++;
    s.minified += b.length;
    s.gzip += gz.get(url)!.length;
    s.brotli += brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  sizes[p.id] = s;
}

// ---- the site ----------------------------------------------------------------------------------
const server = createServer((req, res) => {
  const u = new URL(req.url || '/', 'http://x');
  const page = /^\/page\/(\w+)$/.exec(u.pathname);
  if (page) {
    const p = peers.find((x) => x.id === page[1])!;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>${p.head}</head><body>${p.body}</body></html>`);
    return;
  }
  const b = content.get(u.pathname);
  if (!b) {
    res.writeHead(u.pathname === '/embed' ? 200 : 404, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>x</title>');
    return;
  }
  const type = u.pathname.endsWith('.css') ? 'text/css' : u.pathname.endsWith('.json') ? 'application/json' : 'text/javascript';
  const zip = /gzip/.test(String(req.headers['accept-encoding']));
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...(zip ? { 'content-encoding': 'gzip' } : {}) });
  res.end(zip ? gz.get(u.pathname) : b);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// ---- timing ------------------------------------------------------------------------------------
const profiles = [
  { id: 'loopback', label: 'loopback, CPU 4× slower', network: null },
  { id: 'slow4g', label: 'slow 4G (150 ms RTT, 1.6 Mbit/s), CPU 4× slower', network: { latency: 150, down: 1.6e6 / 8, up: 750e3 / 8 } },
];
const SETTLE = 500;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});

interface Run {
  visible: number;
  blocking: number;
  script: number;
  task: number;
}
async function measure(p: Peer, profile: (typeof profiles)[number]): Promise<Run> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Performance.enable');
  if (profile.network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.network.latency,
      downloadThroughput: profile.network.down,
      uploadThroughput: profile.network.up,
    });
  }
  await page.addInitScript((sel: string) => {
    const w = window as any;
    w.__long = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__long.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
    const check = () => {
      if (w.__visible) return;
      const el = document.querySelector(sel);
      if (!el) return;
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      if (cs.display !== 'none' && cs.visibility !== 'hidden' && Number(cs.opacity) > 0 && r.width > 0 && r.height > 0) {
        w.__visible = performance.now();
      }
    };
    const frame = () => {
      check();
      if (!w.__visible) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, p.selector);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/page/${p.id}`, { waitUntil: 'commit' });
  try {
    await page.waitForFunction(() => (window as any).__visible, undefined, { timeout: 60_000, polling: 50 });
  } catch (e) {
    throw new Error(`${p.name} (${profile.id}): banner never visible ${errors.join('; ')}`, { cause: e });
  }
  await page.waitForTimeout(SETTLE);
  const { visible, long } = await page.evaluate(() => ({ visible: (window as any).__visible as number, long: (window as any).__long as [number, number][] }));
  const m = Object.fromEntries(((await cdp.send('Performance.getMetrics')).metrics as { name: string; value: number }[]).map((x) => [x.name, x.value]));
  await ctx.close();
  return {
    visible,
    blocking: long.filter(([s]) => s <= visible + SETTLE).reduce((n, [, d]) => n + Math.max(0, d - 50), 0),
    script: m.ScriptDuration * 1000,
    task: m.TaskDuration * 1000,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const timings: Record<string, Record<string, Run & { runs: Run[] }>> = {};
for (const profile of profiles) {
  timings[profile.id] = {};
  const runs: Record<string, Run[]> = Object.fromEntries(peers.map((p) => [p.id, []]));
  // one warm-up run each (not recorded), then rounds with a rotating order
  for (const p of peers) await measure(p, profile);
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < peers.length; i++) {
      const p = peers[(i + r) % peers.length];
      runs[p.id].push(await measure(p, profile));
    }
  }
  for (const p of peers) {
    const rs = runs[p.id];
    timings[profile.id][p.id] = {
      visible: median(rs.map((x) => x.visible)),
      blocking: median(rs.map((x) => x.blocking)),
      script: median(rs.map((x) => x.script)),
      task: median(rs.map((x) => x.task)),
      runs: rs,
    };
  }
}
await browser.close();
server.close();

// ---- report ------------------------------------------------------------------------------------
const machine = {
  cpu: cpus()[0]?.model.trim(),
  cores: cpus().length,
  memGB: Math.round(totalmem() / 2 ** 30),
  loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
  node: process.version,
  chromium: browser.version(),
};
const date = new Date().toISOString();
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (a: number, b: number) => (a === 0 ? (b === 0 ? '=' : '∞') : `${(b / a).toFixed(1)}×`);
const rows: string[][] = [['', 'files', 'minified B', 'gzip B', 'brotli B']];
for (const p of peers.slice(1)) {
  const s = sizes[p.id];
  rows.push([p.name, String(s.files), fmt(s.minified), fmt(s.gzip), fmt(s.brotli)]);
}
for (const profile of profiles) {
  rows.push([]);
  rows.push([`${profile.label} (median of ${ROUNDS})`, 'visible ms', 'blocking ms', 'script ms', 'task ms']);
  for (const p of peers) {
    const t = timings[profile.id][p.id];
    rows.push([p.name, fmt(t.visible), fmt(t.blocking), fmt(t.script), fmt(t.task)]);
  }
}
const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] || 0, c.length)), []);
console.log(`Banner benchmark, ${date}, ${machine.cpu} ×${machine.cores}, load ${machine.loadavg.join(' ')}, Chromium ${machine.chromium}`);
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
console.log('\nRatios (peer ÷ Custodian):');
const c = sizes.custodian;
for (const p of peers.slice(2)) {
  const s = sizes[p.id];
  const parts = [`gzip ${ratio(c.gzip, s.gzip)}`, `brotli ${ratio(c.brotli, s.brotli)}`];
  for (const profile of profiles) {
    const a = timings[profile.id].custodian;
    const b = timings[profile.id][p.id];
    parts.push(`${profile.id}: visible ${ratio(a.visible, b.visible)}, script ${ratio(a.script, b.script)}, task ${ratio(a.task, b.task)}`);
  }
  console.log(`  ${p.name}: ${parts.join('; ')}`);
}
const out = join(root, 'bench/results');
mkdirSync(out, { recursive: true });
const file = join(out, `banner-${date.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ date, machine, rounds: ROUNDS, settleMs: SETTLE, sizes, profiles, timings, peers: peers.map((p) => ({ id: p.id, name: p.name, files: Object.keys(p.files) })) }, null, 2));
console.log(`\nwritten ${file}`);
