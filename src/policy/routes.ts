// Public routes of the policy module: published versions (and, with the renderer, /privacy and /cookies).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { listVersions, versionById } from './versions.ts';

export async function policyRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/v1/policy/versions', { schema: { tags: ['policy'], summary: 'Published policy versions, newest first' } }, async () => ({
    versions: await listVersions(ctx.db),
  }));

  app.get<{ Params: { id: string } }>(
    '/v1/policy/versions/:id',
    { schema: { tags: ['policy'], summary: 'One published version with its document' } },
    async (request) => versionById(ctx.db, Number(request.params.id)),
  );
}
