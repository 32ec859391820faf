// Admin routes of the retention module (authenticated by the global /v1/admin hook), and the daily
// schedule (pg-boss cron in the policy's time zone; one job at a time per rule).
import type { FastifyInstance } from 'fastify';
import type { PgBoss } from 'pg-boss';
import type { AppContext } from '../context.ts';
import { privacyOfficersOnly } from '../access/sessions.ts';
import { openEngine } from './context.ts';
import { plan, run } from './engine.ts';
import { listHolds, listRuns } from './queries.ts';

export async function retentionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Querystring: { rule?: string; limit?: string } }>(
    '/v1/admin/retention/runs',
    { preHandler: privacyOfficersOnly, schema: { tags: ['retention'], summary: 'Retention runs (evidence), newest first' } },
    async (request) => ({ runs: await listRuns(ctx.db, { rule: request.query.rule, limit: Math.min(500, Number(request.query.limit ?? 50) || 50) }) }),
  );
  app.get<{ Querystring: { rule?: string; at?: string } }>(
    '/v1/admin/retention/plan',
    { preHandler: privacyOfficersOnly, schema: { tags: ['retention'], summary: 'Dry run: rows due per rule and table, held rows, rows falling due over 12 months' } },
    async (request, reply) => {
      const at = request.query.at ? new Date(request.query.at) : undefined;
      if (at && Number.isNaN(at.getTime())) return reply.code(400).send({ error: { code: 'CUSTODIAN_RETENTION_BAD_DATE', message: 'at: not a date' } });
      const engine = await openEngine(ctx.db, ctx.config, { policyFile: ctx.loaded.file });
      try {
        return { plan: await plan(engine, { rule: request.query.rule, at }) };
      } finally {
        await engine.close();
      }
    },
  );
  app.get('/v1/admin/retention/holds', { preHandler: privacyOfficersOnly, schema: { tags: ['retention'], summary: 'Legal holds in force' } }, async () => ({ holds: await listHolds(ctx.db) }));
  if (ctx.jobs && ctx.loaded.policy.datamap.length > 0) await scheduleRetention(ctx.jobs, ctx);
}

export const RETENTION_QUEUE = 'retention-daily';

/** Schedules the daily run of every rule at 03:00 in the controller's time zone. Call once at start. */
export async function scheduleRetention(boss: PgBoss, ctx: AppContext): Promise<void> {
  await boss.createQueue(RETENTION_QUEUE, { policy: 'singleton' });
  await boss.schedule(RETENTION_QUEUE, '0 3 * * *', {}, { tz: ctx.loaded.policy.controller.time_zone });
  await boss.work(RETENTION_QUEUE, async () => {
    const engine = await openEngine(ctx.db, ctx.config, { policyFile: ctx.loaded.file });
    try {
      const summaries = await run(engine, { trigger: 'schedule' });
      for (const s of summaries) ctx.log.info({ rule: s.rule, status: s.status, run: s.id, batches: s.batches }, 'retention run');
    } finally {
      await engine.close();
    }
  });
}
