// Routes of the consent module. Public: the banner configuration, the banner's files and consent ingest
// (listed in src/http/public-routes.ts). Staff: proof lookup, export, statistics, banner archive.
import { statSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { privacyOfficersOnly } from '../access/sessions.ts';
import { AppError } from '../errors.ts';
import { pickLocale } from '../policy/locale.ts';
import type { PublishedVersion } from '../policy/versions.ts';
import { type BannerConfig, buildBannerConfig } from './banner-config.ts';
import { ConsentErrors } from './errors.ts';
import { browserFamily, parseBody, propertyOrigins, truncateIp, validateEvent } from './event.ts';
import { GroupCommitter } from './ingest.ts';
import { checkFormat, consentHistory, consentStats, exportLines, parseRange } from './proof.ts';
import { purgeExpiredConsents } from './purge.ts';
import * as q from './queries.ts';
import { TokenBuckets } from './rate-limit.ts';

/** Largest consent body accepted (bytes). */
export const MAX_CONSENT_BODY = 8 * 1024;
export const MAINTENANCE_QUEUE = 'consent-maintenance';

interface VersionDerived {
  id: number;
  origins: Map<string, Set<string>>; // property → origins
  anyOrigin: Set<string>;
  configs: Map<string, { config: BannerConfig; body: string }>;
}

export async function consentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  let timeZone = ctx.loaded.policy.controller.time_zone;
  const { config } = ctx;
  const committer = new GroupCommitter(ctx.db, {
    timeZone: () => timeZone,
    maxInFlight: config.CUSTODIAN_CONSENT_BATCHES_IN_FLIGHT,
    maxWaitMs: config.CUSTODIAN_CONSENT_BATCH_WAIT_MS,
  });
  const rate = config.CUSTODIAN_CONSENT_RATE;
  const limiter = new TokenBuckets(rate, config.CUSTODIAN_CONSENT_BURST ?? Math.max(100, rate));
  const archived = new Set<string>();
  let derived: VersionDerived | undefined;

  await q.ensurePartitions(ctx.db, new Date(), 3);
  app.addHook('onClose', async () => committer.drain());
  if (ctx.jobs) await scheduleMaintenance(ctx);

  async function current(): Promise<{ version: PublishedVersion; d: VersionDerived }> {
    const version = await ctx.policy.get();
    if (derived?.id !== version.id) {
      const origins = new Map<string, Set<string>>();
      for (const property of Object.keys(version.policy.websites)) origins.set(property, new Set(propertyOrigins(version.policy, property)));
      derived = { id: version.id, origins, anyOrigin: new Set([...origins.values()].flatMap((s) => [...s])), configs: new Map() };
      timeZone = version.policy.controller.time_zone;
    }
    return { version, d: derived };
  }

  // ---- banner configuration and files (public, cacheable, loaded cross-origin by sites) ----
  app.get<{ Querystring: { property?: string; locale?: string } }>(
    '/v1/banner/config',
    { schema: { tags: ['consent'], summary: 'The banner configuration for a website property and locale (public)' } },
    async (request, reply) => {
      const { version, d } = await current();
      const property = request.query.property ?? '';
      const policy = version.policy;
      if (request.query.locale !== undefined && !policy.locales.includes(request.query.locale)) {
        throw new AppError(ConsentErrors.BAD_LOCALE, `locale "${request.query.locale}" is not offered (offered: ${policy.locales.join(', ')})`, 400);
      }
      const locale = pickLocale(policy.locales, request.query.locale, request.headers['accept-language']);
      const base = ctx.config.CUSTODIAN_PUBLIC_URL ?? `${request.protocol}://${request.host}`;
      const key = `${property}|${locale}|${base}`;
      let entry = d.configs.get(key);
      if (!entry) {
        const config = buildBannerConfig(policy, version.id, property, locale, base);
        entry = { config, body: JSON.stringify(config) };
        d.configs.set(key, entry);
      }
      const { config } = entry;
      if (!archived.has(config.hash)) {
        // Archived before it is served: what a visitor saw can always be shown.
        await q.archiveBannerVersion(ctx.db, { hash: config.hash, property, locale, policyVersion: version.id, config });
        archived.add(config.hash);
      }
      const etag = `"${config.hash}"`;
      reply
        .header('etag', etag)
        .header('cache-control', 'public, max-age=300')
        .header('access-control-allow-origin', '*')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('vary', 'accept-language');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.type('application/json; charset=utf-8').send(entry.body);
    },
  );

  const files = { js: 'custodian.js', css: 'custodian.css' } as const;
  for (const [ext, file] of Object.entries(files)) {
    const type = ext === 'js' ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8';
    app.get(`/banner.${ext}`, { schema: { tags: ['consent'], summary: `The banner's ${ext.toUpperCase()} (public)` } }, async (request, reply) => {
      const asset = bannerAsset(file);
      reply
        .header('cache-control', 'public, max-age=3600')
        .header('access-control-allow-origin', '*')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('etag', asset.etag)
        .header('vary', 'accept-encoding')
        .type(type);
      if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
      const accepts = String(request.headers['accept-encoding'] ?? '');
      if (/\bbr\b/.test(accepts)) return reply.header('content-encoding', 'br').send(asset.br);
      if (/\bgzip\b/.test(accepts)) return reply.header('content-encoding', 'gzip').send(asset.gzip);
      return reply.send(asset.raw);
    });
  }

  // ---- consent ingest (public, cross-origin, size- and rate-limited, group-committed) ----
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // Bodies are read raw (JSON, or text/plain from sendBeacon) and parsed by the handler.
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_CONSENT_BODY }, (_request, body, done) => done(null, body));
    scope.setErrorHandler(async (err: any) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        throw new AppError(ConsentErrors.BODY_TOO_LARGE, `a consent event is at most ${MAX_CONSENT_BODY} bytes`, 413);
      }
      throw err;
    });
    // CORS: allowed origins get their headers on every answer, errors included, so the banner can read them.
    scope.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      if (origin && (await current()).d.anyOrigin.has(origin)) {
        reply.header('access-control-allow-origin', origin).header('vary', 'origin').header('cross-origin-resource-policy', 'cross-origin');
      }
    });

    scope.options('/v1/consents', { schema: { hide: true } }, async (request, reply) => {
      const origin = request.headers.origin;
      if (!origin || !(await current()).d.anyOrigin.has(origin)) {
        throw new AppError(ConsentErrors.ORIGIN_REFUSED, 'this origin may not post consents', 403);
      }
      return reply
        .status(204)
        .header('access-control-allow-methods', 'POST')
        .header('access-control-allow-headers', 'content-type')
        .header('access-control-max-age', '86400')
        .send();
    });

    scope.post(
      '/v1/consents',
      { bodyLimit: MAX_CONSENT_BODY, schema: { tags: ['consent'], summary: 'Record a consent event from a website (public, CORS)' } },
      async (request, reply) => {
        const ipPrefix = truncateIp(request.ip);
        if (!limiter.take(ipPrefix ?? 'unknown')) {
          reply.header('retry-after', '1');
          throw new AppError(ConsentErrors.RATE_LIMITED, 'too many consent events from this network; retry later', 429);
        }
        const { version, d } = await current();
        const origin = request.headers.origin;
        if (!origin || !d.anyOrigin.has(origin)) throw originRefused();
        const type = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (type !== 'application/json' && type !== 'text/plain') {
          throw new AppError(ConsentErrors.UNSUPPORTED_MEDIA_TYPE, 'send application/json or text/plain', 415);
        }
        const event = validateEvent(parseBody(request.body), version.policy);
        if (!d.origins.get(event.property)?.has(origin)) throw originRefused();
        const stored = await committer
          .submit({ ...event, ipPrefix, browser: browserFamily(request.headers['user-agent']), receivedAt: new Date() })
          .catch((err) => {
            request.log.error({ code: (err as { code?: string }).code }, `consent batch failed: ${(err as Error).message}`);
            throw new AppError(ConsentErrors.INGEST_UNAVAILABLE, 'the consent could not be stored; retry', 503);
          });
        return reply.status(stored ? 201 : 200).send({ id: event.eventId, stored });
      },
    );
  });

  // ---- proof, export, statistics (staff) ----
  app.get<{ Querystring: { from?: string; to?: string; property?: string } }>(
    '/v1/admin/consents/stats',
    { preHandler: privacyOfficersOnly, schema: { tags: ['consent'], summary: 'Daily consent counts and rates per property and category (from rollups)' } },
    async (request) => consentStats(ctx.db, request.query.from, request.query.to, request.query.property),
  );

  app.get<{ Querystring: { from?: string; to?: string; format?: string } }>(
    '/v1/admin/consents',
    { preHandler: privacyOfficersOnly, schema: { tags: ['consent'], summary: 'Export the consent ledger over a date range (CSV or JSON Lines, streamed)' } },
    async (request, reply) => {
      const range = parseRange(request.query.from, request.query.to);
      const format = checkFormat(request.query.format);
      reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/jsonl; charset=utf-8')
        .header('content-disposition', `attachment; filename="consents.${format}"`)
        .header('cache-control', 'no-store');
      return reply.send(Readable.from(exportLines(ctx.db, range, format)));
    },
  );

  app.get<{ Params: { consentId: string } }>(
    '/v1/admin/consents/:consentId',
    { preHandler: privacyOfficersOnly, schema: { tags: ['consent'], summary: "A consent id's full history, with the banner configuration each event saw" } },
    async (request) => consentHistory(ctx.db, request.params.consentId),
  );

  app.get('/v1/admin/banner-versions', { preHandler: privacyOfficersOnly, schema: { tags: ['consent'], summary: 'Archive of every banner configuration served' } }, async () => ({
    versions: (await q.listBannerVersions(ctx.db)).map((v) => ({ ...v, first_served: new Date(v.first_served).toISOString() })),
  }));

  app.get<{ Params: { hash: string } }>(
    '/v1/admin/banner-versions/:hash',
    { preHandler: privacyOfficersOnly, schema: { tags: ['consent'], summary: 'One archived banner configuration' } },
    async (request) => {
      const row = await q.getBannerVersion(ctx.db, request.params.hash);
      if (!row) throw new AppError(ConsentErrors.NOT_FOUND, 'no archived banner configuration with this hash', 404);
      return { ...row, first_served: new Date(row.first_served).toISOString() };
    },
  );
}

function originRefused(): AppError {
  return new AppError(ConsentErrors.ORIGIN_REFUSED, "this origin is not one of the property's origins; nothing was stored", 403);
}

/** A daily job: partitions three months ahead, then the purge of expired consent records. */
async function scheduleMaintenance(ctx: AppContext): Promise<void> {
  const jobs = ctx.jobs!;
  await jobs.createQueue(MAINTENANCE_QUEUE);
  await jobs.schedule(MAINTENANCE_QUEUE, '17 3 * * *', null, { tz: 'UTC' });
  await jobs.work(MAINTENANCE_QUEUE, async () => {
    await q.ensurePartitions(ctx.db, new Date(), 3);
    const version = await ctx.policy.get();
    const result = await purgeExpiredConsents(ctx.db, version.policy);
    ctx.log?.info({ deleted: result.deleted, dropped: result.droppedPartitions.length, cutoff: result.cutoff }, 'consent purge');
  });
}

// ---- the banner's built files (banner/dist, made by banner/build.ts) ----
interface Asset {
  mtime: number;
  raw: Buffer;
  gzip: Buffer;
  br: Buffer;
  etag: string;
}
const assets = new Map<string, Asset>();

function bannerAsset(file: string): Asset {
  const path = new URL(`../../banner/dist/${file}`, import.meta.url);
  let mtime: number;
  try {
    mtime = statSync(path).mtimeMs;
  } catch {
    throw new AppError(ConsentErrors.BANNER_NOT_BUILT, `banner/dist/${file} is missing: build the banner (node banner/build.ts)`, 404);
  }
  const cached = assets.get(file);
  if (cached && cached.mtime === mtime) return cached;
  const raw = readFileSync(path);
  const asset = {
    mtime,
    raw,
    gzip: gzipSync(raw, { level: 9 }),
    br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    etag: `"${createHash('sha256').update(raw).digest('hex').slice(0, 32)}"`,
  };
  assets.set(file, asset);
  return asset;
}

