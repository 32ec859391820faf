// Each module's routes, composed into the app.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { accessRoutes } from '../access/routes.ts';
import { consentRoutes } from '../consent/routes.ts';
import { consoleRoutes } from '../console/serve.ts';
import { policyAdminRoutes } from '../policy/admin-routes.ts';
import { policyRoutes } from '../policy/routes.ts';

export async function registerModuleRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await policyRoutes(app, ctx);
  await accessRoutes(app, ctx);
  await policyAdminRoutes(app, ctx);
  await consentRoutes(app, ctx);
  await consoleRoutes(app, ctx);
}
