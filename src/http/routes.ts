// Each module's routes, composed into the app.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { policyRoutes } from '../policy/routes.ts';

export async function registerModuleRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await policyRoutes(app, ctx);
}
