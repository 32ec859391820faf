// The access module's HTTP API: the console's session, staff, roles, API keys and outbox under
// /console/api/, and /v1/admin/whoami for company backends. docs/access.md describes every route.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { listOutbox } from '../mail/send.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './apikeys.ts';
import { ADMIN, roleCatalogue } from './clearance.ts';
import { requestPasswordReset, sendInvitation, settleResets } from './notify.ts';
import * as q from './queries.ts';
import { checkPasswordStrength, hashPassword, sha256, verifyPassword } from './secrets.ts';
import {
  LIMITS,
  checkCsrf,
  clearSessionCookie,
  completeSecondFactor,
  csrfToken,
  makeAuthenticator,
  requireRole,
  requireSession,
  sessionCookieOf,
  setSessionCookie,
  signIn,
  signOut,
} from './sessions.ts';
import {
  type AccessContext,
  completeSetup,
  createSetupLink,
  createStaff,
  getStaff,
  linkBase,
  listAudit,
  listStaff,
  newLink,
  setPasswordFromLink,
  setStaffActive,
  setStaffRoles,
  setStaffTraining,
  setupLink,
} from './staff.ts';
import { AppError } from '../errors.ts';
import { AccessErrors } from './errors.ts';
import { disableTotp, confirmTotp, enrolTotp } from './totp.ts';

const BODY_LIMIT = 16 * 1024;
const tags = ['access'];
const str = (max: number) => ({ type: 'string', maxLength: max }) as const;
const idParam = { type: 'object', properties: { id: str(40) }, required: ['id'] } as const;

function body(properties: Record<string, unknown>, required: string[] = []) {
  return { type: 'object', additionalProperties: false, properties, required } as const;
}

const actorOf = (request: FastifyRequest) => `staff:${requireSession(request).id}`;

/** Where the server listens, once it does: the base of links when CUSTODIAN_PUBLIC_URL is unset. */
const listening = new WeakMap<object, string>();

export function linkBaseFor(ctx: AppContext): string {
  return linkBase(ctx.config, listening.get(ctx));
}

export async function accessRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const actx: AccessContext = ctx;
  ctx.authenticate = makeAuthenticator(actx);

  // A fresh store: a one-time link that creates the first admin, made before the server answers
  // (onReady is awaited by listen) and logged once the address is known.
  let setupToken: string | undefined;
  app.addHook('onReady', async () => {
    setupToken = await createSetupLink(ctx.db);
  });
  app.addHook('onListen', async () => {
    const address = app.server.address();
    if (address && typeof address === 'object') {
      const host = address.family === 'IPv6' ? `[${address.address === '::' ? '::1' : address.address}]` : address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
      listening.set(ctx, `http://${host.replace('[::1]', 'localhost')}:${address.port}`);
    }
    if (setupToken) {
      app.log.warn(`no staff account yet: create the first admin at ${setupLink(linkBaseFor(ctx), setupToken)} (valid 24 hours, once)`);
      setupToken = undefined;
    }
  });

  // Reset e-mails are sent after the answer: let them finish before the store closes.
  app.addHook('onClose', async () => {
    await settleResets();
  });

  const me = async (request: FastifyRequest, secret: string) => {
    const staff = await getStaff(actx, requireSession(request).id);
    return { staff: { ...staff, effectiveRoles: request.principal!.roles }, csrfToken: csrfToken(secret) };
  };

  // ---- session (public: sign-in, TOTP step) ----
  app.post<{ Body: { email: string; password: string } }>(
    '/console/api/session',
    { bodyLimit: BODY_LIMIT, schema: { tags, summary: 'Sign in (password step)', body: body({ email: str(254), password: str(1024) }, ['email', 'password']) } },
    async (request, reply) => {
      const signed = await signIn(actx, request.body.email, request.body.password, request.ip);
      setSessionCookie(reply, ctx.config, signed.secret, signed.pending ? LIMITS.pendingSeconds : LIMITS.sessionSeconds);
      if (signed.pending) return { totpRequired: true, csrfToken: csrfToken(signed.secret) };
      request.principal = { kind: 'staff', id: signed.staffId, roles: [] };
      const staff = await getStaff(actx, signed.staffId);
      return { totpRequired: false, staff, csrfToken: csrfToken(signed.secret) };
    },
  );

  app.post<{ Body: { code?: string; recoveryCode?: string } }>(
    '/console/api/session/totp',
    {
      bodyLimit: BODY_LIMIT,
      schema: { tags, summary: 'Sign in (TOTP or recovery code step)', body: body({ code: str(10), recoveryCode: str(40) }) },
    },
    async (request, reply) => {
      const pending = sessionCookieOf(request);
      if (pending) checkCsrf(request, pending); // the token returned by the password step
      const signed = await completeSecondFactor(actx, pending, request.body, request.ip);
      setSessionCookie(reply, ctx.config, signed.secret, LIMITS.sessionSeconds);
      const staff = await getStaff(actx, signed.staffId);
      return { totpRequired: false, staff, csrfToken: csrfToken(signed.secret) };
    },
  );

  app.get('/console/api/session', { schema: { tags, summary: 'The signed-in staff member and the CSRF token' } }, async (request) =>
    me(request, sessionCookieOf(request)!),
  );

  app.delete('/console/api/session', { schema: { tags, summary: 'Sign out' } }, async (request, reply) => {
    requireSession(request);
    await signOut(actx, sessionCookieOf(request)!);
    clearSessionCookie(reply, ctx.config);
    return reply.status(204).send();
  });

  // ---- passwords and setup (public: the link's token is the credential) ----
  app.post<{ Body: { token: string; password: string } }>(
    '/console/api/password',
    { bodyLimit: BODY_LIMIT, schema: { tags, summary: 'Set the password from a set-password or reset link', body: body({ token: str(100), password: str(1024) }, ['token', 'password']) } },
    async (request) => {
      await setPasswordFromLink(actx, request.body.token, request.body.password);
      return { ok: true };
    },
  );

  app.post<{ Body: { email: string } }>(
    '/console/api/password/reset',
    { bodyLimit: BODY_LIMIT, schema: { tags, summary: 'Ask for a reset link by e-mail (same answer for every address)', body: body({ email: str(254) }, ['email']) } },
    async (request, reply) => {
      await requestPasswordReset(ctx, request.body.email, request.ip, linkBaseFor(ctx));
      return reply.status(202).send({ ok: true });
    },
  );

  app.post<{ Body: { token: string; email: string; password: string } }>(
    '/console/api/setup',
    {
      bodyLimit: BODY_LIMIT,
      schema: { tags, summary: 'Create the first admin from the setup link', body: body({ token: str(100), email: str(254), password: str(1024) }, ['token', 'email', 'password']) },
    },
    async (request, reply) => reply.status(201).send({ staff: await completeSetup(actx, request.body.token, request.body.email, request.body.password) }),
  );

  // ---- the signed-in person's own account ----
  app.post<{ Body: { current: string; password: string } }>(
    '/console/api/me/password',
    { bodyLimit: BODY_LIMIT, schema: { tags, summary: 'Change my password (other sessions end)', body: body({ current: str(1024), password: str(1024) }, ['current', 'password']) } },
    async (request, reply) => {
      const { id } = requireSession(request);
      const row = (await q.staffById(ctx.db, id))!;
      if (!(await verifyPassword(row.password_hash, request.body.current))) {
        throw new AppError(AccessErrors.BAD_CREDENTIALS, 'the current password is wrong', 401);
      }
      checkPasswordStrength(request.body.password);
      const hash = await hashPassword(request.body.password);
      const secret = sessionCookieOf(request)!;
      await ctx.db.transaction(async (tx) => {
        await q.setPasswordHash(tx, id, hash);
        await tx.query('delete from staff_sessions where staff_id = $1 and id_hash <> $2', [id, sha256(secret)]);
        await q.insertAudit(tx, { actor: `staff:${id}`, staffId: id, action: 'password_changed' });
      });
      return reply.status(204).send();
    },
  );

  app.post('/console/api/me/totp', { schema: { tags, summary: 'Start a TOTP enrolment: otpauth URI and QR code' } }, async (request) =>
    enrolTotp(actx, requireSession(request).id),
  );

  app.post<{ Body: { code: string } }>(
    '/console/api/me/totp/confirm',
    { bodyLimit: BODY_LIMIT, schema: { tags, summary: 'Confirm the enrolment with a first code; returns recovery codes', body: body({ code: str(10) }, ['code']) } },
    async (request) => confirmTotp(actx, requireSession(request).id, request.body.code),
  );

  app.delete<{ Body: { password: string } }>(
    '/console/api/me/totp',
    { bodyLimit: BODY_LIMIT, schema: { tags, summary: 'Disable TOTP (needs the password)', body: body({ password: str(1024) }, ['password']) } },
    async (request, reply) => {
      const { id } = requireSession(request);
      const row = (await q.staffById(ctx.db, id))!;
      if (!(await verifyPassword(row.password_hash, request.body.password))) {
        throw new AppError(AccessErrors.BAD_CREDENTIALS, 'the password is wrong', 401);
      }
      await disableTotp(ctx.db, `staff:${id}`, id);
      return reply.status(204).send();
    },
  );

  // ---- staff administration (admin) ----
  app.get('/console/api/roles', { schema: { tags, summary: 'The roles: internal recipients, dpo, admin' } }, async () => ({
    roles: roleCatalogue((await ctx.policy.get()).policy),
  }));

  app.get('/console/api/staff', { schema: { tags, summary: 'Staff members' } }, async (request) => {
    requireRole(request, ADMIN);
    return { staff: await listStaff(actx) };
  });

  app.post<{ Body: { email: string; roles?: string[]; confidentialityAcknowledged?: boolean; trainingDate?: string } }>(
    '/console/api/staff',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Invite a staff member (a set-password link is e-mailed)',
        body: body(
          { email: str(254), roles: { type: 'array', maxItems: 50, items: str(64) }, confidentialityAcknowledged: { type: 'boolean' }, trainingDate: str(10) },
          ['email'],
        ),
      },
    },
    async (request, reply) => {
      requireRole(request, ADMIN);
      const { staff, token } = await createStaff(actx, actorOf(request), { ...request.body, roles: request.body.roles ?? [] });
      await sendInvitation(ctx, staff.email, token, linkBaseFor(ctx));
      return reply.status(201).send({ staff });
    },
  );

  app.get<{ Params: { id: string } }>('/console/api/staff/:id', { schema: { tags, summary: 'One staff member', params: idParam } }, async (request) => {
    requireRole(request, ADMIN);
    return { staff: await getStaff(actx, request.params.id) };
  });

  app.put<{ Params: { id: string }; Body: { roles: string[] } }>(
    '/console/api/staff/:id/roles',
    { bodyLimit: BODY_LIMIT, schema: { tags, summary: 'Replace the roles', params: idParam, body: body({ roles: { type: 'array', maxItems: 50, items: str(64) } }, ['roles']) } },
    async (request) => {
      requireRole(request, ADMIN);
      return { staff: await setStaffRoles(actx, actorOf(request), request.params.id, request.body.roles) };
    },
  );

  app.put<{ Params: { id: string }; Body: { confidentialityAcknowledged: boolean; trainingDate: string | null } }>(
    '/console/api/staff/:id/training',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Record the confidentiality acknowledgement and the training date',
        params: idParam,
        body: body({ confidentialityAcknowledged: { type: 'boolean' }, trainingDate: { type: ['string', 'null'], maxLength: 10 } }, ['confidentialityAcknowledged', 'trainingDate']),
      },
    },
    async (request) => {
      requireRole(request, ADMIN);
      return { staff: await setStaffTraining(actx, actorOf(request), request.params.id, request.body) };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/console/api/staff/:id/deactivate',
    { schema: { tags, summary: 'Deactivate: sessions and API keys end at once', params: idParam } },
    async (request) => {
      requireRole(request, ADMIN);
      return { staff: await setStaffActive(actx, actorOf(request), request.params.id, false) };
    },
  );

  app.post<{ Params: { id: string } }>('/console/api/staff/:id/activate', { schema: { tags, summary: 'Reactivate', params: idParam } }, async (request) => {
    requireRole(request, ADMIN);
    return { staff: await setStaffActive(actx, actorOf(request), request.params.id, true) };
  });

  app.post<{ Params: { id: string } }>(
    '/console/api/staff/:id/invite',
    { schema: { tags, summary: 'Send a new set-password link', params: idParam } },
    async (request, reply) => {
      requireRole(request, ADMIN);
      const staff = await getStaff(actx, request.params.id);
      if (!staff.active) throw new AppError(AccessErrors.STAFF_INACTIVE, 'this staff member is deactivated', 409);
      const token = await newLink(ctx.db, staff.id, 'set_password');
      await sendInvitation(ctx, staff.email, token, linkBaseFor(ctx));
      return reply.status(202).send({ ok: true });
    },
  );

  app.get<{ Querystring: { staff?: string; limit?: number } }>(
    '/console/api/audit',
    {
      schema: {
        tags,
        summary: 'Changes of roles, activation, training, keys (newest first)',
        querystring: { type: 'object', additionalProperties: false, properties: { staff: str(40), limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
      },
    },
    async (request) => {
      requireRole(request, ADMIN);
      return { entries: await listAudit(ctx.db, request.query.staff, request.query.limit) };
    },
  );

  // ---- API keys (admin) ----
  app.get('/console/api/api-keys', { schema: { tags, summary: 'API keys (never their secret)' } }, async (request) => {
    requireRole(request, ADMIN);
    return { apiKeys: await listApiKeys(actx) };
  });

  app.post<{ Body: { name: string; role: string } }>(
    '/console/api/api-keys',
    { bodyLimit: BODY_LIMIT, schema: { tags, summary: 'Create an API key bound to one role; the key is shown once', body: body({ name: str(100), role: str(64) }, ['name', 'role']) } },
    async (request, reply) => {
      requireRole(request, ADMIN);
      return reply.status(201).send({ apiKey: await createApiKey(actx, actorOf(request), request.body) });
    },
  );

  app.delete<{ Params: { id: string } }>('/console/api/api-keys/:id', { schema: { tags, summary: 'Revoke an API key', params: idParam } }, async (request) => {
    requireRole(request, ADMIN);
    return { apiKey: await revokeApiKey(actx, actorOf(request), request.params.id) };
  });

  // ---- outbox (admin) ----
  app.get<{ Querystring: { limit?: number; before?: number } }>(
    '/console/api/outbox',
    {
      schema: {
        tags,
        summary: 'Mail sent or held in the outbox (newest first)',
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 200 }, before: { type: 'integer', minimum: 1 } } },
      },
    },
    async (request) => {
      requireRole(request, ADMIN);
      return { messages: await listOutbox(ctx.db, request.query) };
    },
  );

  // ---- company backends ----
  app.get('/v1/admin/whoami', { schema: { tags, summary: 'Who is calling: staff session or API key, and its roles', security: [{ session: [] }, { apiKey: [] }] } }, async (request) => {
    const p = request.principal!;
    return { kind: p.kind, id: p.id, roles: p.roles };
  });
}

