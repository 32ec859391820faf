// The Fastify app: security headers, one error shape, authentication on every non-public route,
// OpenAPI, health, and each module's routes.
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { AppError, CoreErrors } from '../errors.ts';
import { installErrorHandlers } from './errors.ts';
import { isPublic } from './public-routes.ts';
import { registerModuleRoutes } from './routes.ts';
import { installSecurityHeaders } from './security.ts';

export interface AppOptions {
  logger?: boolean;
}

export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false || ctx.config.LOG_LEVEL === 'silent'
        ? false
        : {
            level: ctx.config.LOG_LEVEL,
            // No clear personal data in logs: no IP, no query string (it may hold an e-mail), no headers.
            serializers: {
              req: (req) => ({ method: req.method, url: req.routeOptions?.url ?? req.url.split('?')[0] }),
              res: (res) => ({ statusCode: res.statusCode }),
            },
          },
    trustProxy: ctx.config.CUSTODIAN_TRUST_PROXY,
    bodyLimit: 64 * 1024,
    return503OnClosing: false,
    // Bad input is refused, not silently trimmed: unknown fields in a body with additionalProperties: false are a 400.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  });
  installErrorHandlers(app);
  installSecurityHeaders(app, ctx.config.CUSTODIAN_PUBLIC_URL?.startsWith('https:') ?? false);

  let shuttingDown = false;
  app.addHook('preClose', async () => {
    shuttingDown = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (shuttingDown) {
      reply.header('connection', 'close');
      throw new AppError(CoreErrors.SHUTTING_DOWN, 'the server is shutting down; retry on another instance', 503);
    }
    const url = request.routeOptions.url;
    if (url === undefined || isPublic(request.method, url)) return; // unknown routes fall through to the 404 handler
    const principal = ctx.authenticate ? await ctx.authenticate(request) : undefined;
    if (!principal) throw new AppError(CoreErrors.UNAUTHENTICATED, 'sign in or present an API key', 401);
    request.principal = principal;
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Custodian', version: '0.1.0', description: 'Privacy operations from a policy written as code.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'custodian_session' },
          apiKey: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await ctx.db.query('select 1');
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });
  await registerModuleRoutes(app, ctx);
  return app;
}
