// A small test site for the banner's browser tests: pages with blocked content, the built banner,
// static configurations (fixtures) and a consent endpoint that records what it receives.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { buildBanner } from '../build.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const NONCE = 'c3RyaWN0LW5vbmNlLXRlc3Q';
export const HOST = 'www.shop.test';

export interface Site {
  url: string;
  consents: any[];
  requests: string[];
  /** overrides merged into every served configuration */
  overrides: Record<string, unknown>;
  close(): Promise<void>;
}

export function pageHtml(o: { lang?: string; csp?: boolean; extraHead?: string }): string {
  const n = o.csp ? ` nonce="${NONCE}"` : '';
  return `<!doctype html><html lang="${o.lang || 'en'}"><head><meta charset="utf-8"><title>Test shop</title>
<script${n}>window.__ran=[];window.__csp=[];document.addEventListener('securitypolicyviolation',function(e){__csp.push(e.violatedDirective+' '+e.blockedURI)});</script>
<script src="/dist/custodian.js" data-config="/config/{locale}.json" data-locale="en,fr"${n}></script>${o.extraHead || ''}
</head><body><header><h1>Test shop</h1></header><main><p>Welcome. <a href="#" data-custodian-open>Cookie settings</a></p>
<iframe data-category="marketing" data-service="video" data-src="/embed" title="Video"></iframe>
<img data-category="marketing" data-service="ads" data-src="/pixel.gif" alt="Ad pixel" width="1" height="1">
</main>
<script type="text/plain" data-category="performance"${n}>__ran.push('performance');document.cookie='_ga=GA1.1.1; path=/';document.cookie='_ga_XYZ=GS1; path=/';document.cookie='_ga_DOM=1; path=/; domain=.shop.test';</script>
<script type="text/plain" data-category="marketing" data-service="ads" data-src="/js/ads.js"${n}></script>
<script type="text/plain" data-category="marketing" data-service="video"${n}>__ran.push('video');</script>
<script type="text/plain" data-category="functional"${n}>__ran.push('functional');document.cookie='prefs=dark; path=/';</script>
<script type="text/plain" data-category="necessary"${n}>__ran.push('necessary');</script>
</body></html>`;
}

const ADS = `__ran.push('marketing');document.cookie='_fbp=fb.1.2; path=/';document.cookie='ad_id=1; path=/';document.cookie='ad_dom=2; path=/; domain=.shop.test';`;
const GIF = Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAA=', 'base64');

export async function startSite(): Promise<Site> {
  const dist = await buildBanner();
  const site: Site = { url: '', consents: [], requests: [], overrides: {}, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url || '/', 'http://x');
    site.requests.push(u.pathname + u.search);
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(body);
    };
    if (req.method === 'POST' && u.pathname === '/v1/consents') {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        site.consents.push({ contentType: req.headers['content-type'], ...JSON.parse(body) });
        send(201, 'application/json', JSON.stringify({ stored: true }));
      });
      return;
    }
    const m = /^\/config\/(en|fr)\.json$/.exec(u.pathname);
    if (m) {
      const cfg = JSON.parse(readFileSync(join(here, 'fixtures', `config.${m[1]}.json`), 'utf8'));
      return send(200, 'application/json', JSON.stringify({ ...cfg, ...site.overrides }));
    }
    if (u.pathname === '/dist/custodian.js') return send(200, 'text/javascript', readFileSync(dist.js));
    if (u.pathname === '/dist/custodian.css') return send(200, 'text/css', readFileSync(dist.css));
    if (u.pathname === '/js/ads.js') return send(200, 'text/javascript', ADS);
    if (u.pathname === '/pixel.gif') return send(200, 'image/gif', GIF);
    if (u.pathname === '/embed') return send(200, 'text/html', '<!doctype html><title>video</title><p>video</p>');
    if (u.pathname === '/axe.js') {
      return send(200, 'text/javascript', readFileSync(join(here, '../../node_modules/axe-core/axe.min.js')));
    }
    if (u.pathname === '/' || u.pathname === '/fr' || u.pathname === '/csp') {
      const csp = u.pathname === '/csp';
      const headers: Record<string, string> = csp
        ? {
            'content-security-policy': `default-src 'self'; script-src 'nonce-${NONCE}'; style-src 'self'; img-src 'self'; frame-src 'self'; connect-src 'self'`,
          }
        : {};
      return send(200, 'text/html', pageHtml({ lang: u.pathname === '/fr' ? 'fr-FR' : 'en', csp }), headers);
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  site.url = `http://${HOST}:${(server.address() as AddressInfo).port}`;
  site.close = () => new Promise((r) => server.close(() => r()));
  return site;
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', `--host-resolver-rules=MAP *.shop.test 127.0.0.1`],
  });
}

export async function until<T>(fn: () => T | Promise<T>, what: string, timeout = 15000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
