// Public routes of the policy module: the published texts (/privacy, /cookies, in the reader's locale,
// for the version in force or the one in force at ?at=DATE) and the published versions.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { pickLocale } from './locale.ts';
import { isRenderLocale, POLICY_CSS, type RenderLocale, renderCookieCharter, renderPrivacyPolicy } from './render/index.ts';
import { listVersions, type PublishedVersion, versionAt, versionById } from './versions.ts';
import { AppError } from '../errors.ts';
import { PolicyErrors } from './errors.ts';

interface TextQuery {
  lang?: string;
  at?: string;
  format?: string;
}

const textQuerySchema = {
  type: 'object',
  properties: {
    lang: { type: 'string', description: 'en or fr; default from Accept-Language' },
    at: { type: 'string', description: 'YYYY-MM-DD: the version in force on that date' },
    format: { type: 'string', enum: ['html', 'md'] },
  },
  additionalProperties: false,
} as const;

export async function policyRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const renderers = { privacy: renderPrivacyPolicy, cookies: renderCookieCharter };
  for (const [page, render] of Object.entries(renderers)) {
    app.get<{ Querystring: TextQuery }>(
      `/${page}`,
      { schema: { tags: ['policy'], summary: `The published ${page === 'privacy' ? 'privacy policy' : 'cookie charter'}`, querystring: textQuerySchema } },
      async (request, reply) => {
        const version = request.query.at ? await versionAt(ctx.db, request.query.at) : await ctx.policy.get();
        const locale = readerLocale(version, request);
        const format = request.query.format === 'md' ? 'md' : 'html';
        const etag = `"${version.hash.slice(0, 16)}-${version.id}-${locale}-${format}"`;
        if (request.headers['if-none-match'] === etag) return reply.status(304).send();
        const body = render(version.policy, { locale, format, version: { id: version.id, effective: version.effective, hash: version.hash } });
        return sendText(reply, body, format, locale, etag);
      },
    );
  }

  app.get('/assets/policy.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(POLICY_CSS),
  );

  app.get('/v1/policy/versions', { schema: { tags: ['policy'], summary: 'Published policy versions, newest first' } }, async () => ({
    versions: await listVersions(ctx.db),
  }));

  app.get<{ Params: { id: string } }>(
    '/v1/policy/versions/:id',
    { schema: { tags: ['policy'], summary: 'One published version with its document' } },
    async (request) => versionById(ctx.db, Number(request.params.id)),
  );
}

function readerLocale(version: PublishedVersion, request: FastifyRequest<{ Querystring: TextQuery }>): RenderLocale {
  const offered = version.policy.locales.filter(isRenderLocale);
  if (offered.length === 0) throw new AppError(PolicyErrors.BAD_LOCALE, 'the policy declares no locale Custodian can render (en, fr)', 500);
  return pickLocale(offered, request.query.lang, request.headers['accept-language']) as RenderLocale;
}

function sendText(reply: FastifyReply, body: string, format: 'html' | 'md', locale: string, etag: string) {
  return reply
    .type(format === 'md' ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8')
    .header('content-language', locale)
    .header('vary', 'accept-language')
    .header('etag', etag)
    .header('cache-control', 'public, max-age=60')
    .send(body);
}
