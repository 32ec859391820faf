// The policy as the console reads it (staff only: every route here needs a session or an API key):
// the published text in force, the versions and what changed between two, the checker's findings on
// the loaded file, and the register of processing (JSON for the table, CSV to download).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { AppError, CoreErrors } from '../errors.ts';
import { checkPolicy } from './check.ts';
import { diffPolicies } from './diff.ts';
import { PolicyErrors } from './errors.ts';
import type { Policy } from './model.ts';
import { isRenderLocale, type RenderLocale, renderCookieCharter, renderPrivacyPolicy } from './render/index.ts';
import { buildRegister, registerColumns, registerToCsv } from './ropa.ts';
import { listVersions, type PublishedVersion, versionById } from './versions.ts';

const docs = ['privacy', 'cookies'] as const;
type DocKind = (typeof docs)[number];

/** The locales a policy can be rendered in: its own, as far as the renderer knows them. */
export function renderableLocales(policy: Policy): RenderLocale[] {
  return policy.locales.filter(isRenderLocale);
}

function pickLocale(policy: Policy, asked: string | undefined): RenderLocale {
  const available = renderableLocales(policy);
  if (asked === undefined || asked === '') return available[0] ?? 'en';
  if (!(available as string[]).includes(asked)) {
    throw new AppError(PolicyErrors.BAD_LOCALE, `locale must be one of ${available.join(', ')}`, 400);
  }
  return asked as RenderLocale;
}

/**
 * The body of a rendered page as a fragment the console can place inside its own <main>: the page's
 * <main> becomes a <div> (one main landmark per page) and the skip link goes.
 */
export function pageFragment(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1] ?? html;
  return body
    .replace(/<a class="skip"[^>]*>[\s\S]*?<\/a>\n?/, '')
    .replace(/<main\b([^>]*)>/, '<div class="document-main"$1>')
    .replace(/<\/main>/, '</div>');
}

export function renderFragment(version: PublishedVersion, doc: DocKind, locale: RenderLocale): string {
  const options = { locale, format: 'html' as const, version: { id: version.id, effective: version.effective, hash: version.hash } };
  const page = doc === 'cookies' ? renderCookieCharter(version.policy, options) : renderPrivacyPolicy(version.policy, options);
  return pageFragment(page);
}

function versionSummary(v: PublishedVersion) {
  return { id: v.id, hash: v.hash, effective: v.effective, publishedAt: v.publishedAt, note: v.note };
}

function versionId(raw: string | undefined, name: string): number {
  const id = Number(raw);
  if (!raw || !Number.isSafeInteger(id) || id <= 0) {
    throw new AppError(CoreErrors.BAD_REQUEST, `${name} must be a version number`, 400);
  }
  return id;
}

export async function policyAdminRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['console'];

  app.get<{ Querystring: { doc?: string; lang?: string } }>(
    '/console/api/policy/current',
    { schema: { tags, summary: 'The published policy in force, rendered (privacy policy or cookie charter) as an HTML fragment' } },
    async (request) => {
      const kind = (request.query.doc ?? 'privacy') as DocKind;
      if (!docs.includes(kind)) throw new AppError(CoreErrors.BAD_REQUEST, 'doc must be privacy or cookies', 400);
      const version = await ctx.policy.get();
      const locale = pickLocale(version.policy, request.query.lang);
      return {
        version: versionSummary(version),
        doc: kind,
        locale,
        locales: renderableLocales(version.policy),
        html: renderFragment(version, kind, locale),
      };
    },
  );

  app.get('/console/api/policy/versions', { schema: { tags, summary: 'Published policy versions, newest first' } }, async () => ({
    versions: await listVersions(ctx.db),
  }));

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/console/api/policy/diff',
    { schema: { tags, summary: 'What changed between two published versions, section by section' } },
    async (request) => {
      const from = await versionById(ctx.db, versionId(request.query.from, 'from'));
      const to = await versionById(ctx.db, versionId(request.query.to, 'to'));
      return {
        from: versionSummary(from),
        to: versionSummary(to),
        sections: diffPolicies(from.policy, to.policy),
      };
    },
  );

  app.get('/console/api/policy/check', { schema: { tags, summary: "The checker's findings on the policy file loaded at start" } }, async () => {
    const current = await ctx.policy.get();
    return {
      file: ctx.config.CUSTODIAN_POLICY,
      hash: ctx.loaded.hash,
      published: current.hash === ctx.loaded.hash,
      findings: checkPolicy(ctx.loaded.policy),
    };
  });

  app.get<{ Querystring: { format?: string; lang?: string } }>(
    '/console/api/policy/register',
    { schema: { tags, summary: 'The register of processing (GDPR Art. 30) of the policy in force, as JSON or CSV' } },
    async (request, reply) => {
      const format = request.query.format ?? 'json';
      if (format !== 'json' && format !== 'csv') throw new AppError(CoreErrors.BAD_REQUEST, 'format must be json or csv', 400);
      const version = await ctx.policy.get();
      const locale = pickLocale(version.policy, request.query.lang);
      const rows = buildRegister(version.policy, locale);
      reply.header('cache-control', 'no-store');
      if (format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="register-v${version.id}-${locale}.csv"`)
          .send(registerToCsv(rows, locale));
      }
      return {
        version: versionSummary(version),
        locale,
        locales: renderableLocales(version.policy),
        columns: registerColumns.map((c) => ({ id: c.id, label: c.label[locale] })),
        rows: rows.map((r) => ({ id: r.id, ...r.cells })),
      };
    },
  );
}
