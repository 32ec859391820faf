// One error shape for every route: { error: { code, message } } with a stable code.
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, CoreErrors } from '../errors.ts';

const fastifyCodes: Record<string, [string, number]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [CoreErrors.BODY_TOO_LARGE, 413],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [CoreErrors.UNSUPPORTED_MEDIA_TYPE, 415],
  FST_ERR_CTP_INVALID_JSON_BODY: [CoreErrors.BAD_REQUEST, 400],
  FST_ERR_CTP_EMPTY_JSON_BODY: [CoreErrors.BAD_REQUEST, 400],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [CoreErrors.BAD_REQUEST, 400],
  FST_ERR_VALIDATION: [CoreErrors.BAD_REQUEST, 400],
};

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      if (err.status >= 500) request.log.error({ code: err.code }, err.message);
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, details: err.details } });
    }
    const known = err.code ? fastifyCodes[err.code] : undefined;
    if (known) return reply.status(known[1]).send({ error: { code: known[0], message: err.message } });
    if (err.statusCode === 429) return reply.status(429).send({ error: { code: CoreErrors.RATE_LIMITED, message: err.message } });
    if (err.statusCode && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: { code: CoreErrors.BAD_REQUEST, message: err.message } });
    }
    request.log.error({ err: { message: err.message, stack: err.stack } }, 'unhandled error');
    return reply.status(500).send({ error: { code: CoreErrors.INTERNAL, message: 'internal error' } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: CoreErrors.NOT_FOUND, message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );
}
