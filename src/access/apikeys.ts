// API keys for the company's backends: bound to one role, shown once, stored as sha256, revocable.
import { AppError } from '../errors.ts';
import { ADMIN } from './clearance.ts';
import { AccessErrors } from './errors.ts';
import * as q from './queries.ts';
import { randomId, randomToken, sha256 } from './secrets.ts';
import { type AccessContext, policyFacts } from './staff.ts';
import { API_KEY_PREFIX } from './sessions.ts';

export interface ApiKeyView {
  id: string;
  name: string;
  role: string;
  /** The first characters of the key, e.g. "cus_AbCd…". */
  hint: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toView(r: q.ApiKeyRow): ApiKeyView {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    hint: r.hint,
    createdBy: r.created_by,
    createdAt: iso(r.created_at)!,
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
  };
}

/** Creates a key; the returned `key` is the only time the secret is visible. */
export async function createApiKey(ctx: AccessContext, actor: string, input: { name: unknown; role: unknown }): Promise<ApiKeyView & { key: string }> {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name || name.length > 100) throw new AppError('CUSTODIAN_BAD_REQUEST', 'the key needs a name of at most 100 characters', 400);
  const f = await policyFacts(ctx);
  const role = String(input.role);
  if (!f.catalogue.some((r) => r.id === role)) {
    throw new AppError(AccessErrors.UNKNOWN_ROLE, `unknown role ${role}; roles are ${f.catalogue.map((r) => r.id).join(', ')}`, 400);
  }
  if (role === ADMIN) throw new AppError(AccessErrors.API_KEY_ROLE, 'an API key cannot hold the admin role: staff and keys are managed by people', 400);
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  const id = randomId('key');
  const createdBy = actor.startsWith('staff:') ? actor.slice('staff:'.length) : actor;
  await ctx.db.transaction(async (tx) => {
    await q.insertApiKey(tx, { id, name, role, secretHash: sha256(key), hint: `${key.slice(0, 8)}…`, createdBy });
    await q.insertAudit(tx, { actor, staffId: null, action: 'api_key_created', detail: { keyId: id, role } });
  });
  const row = await q.apiKeyById(ctx.db, id);
  return { ...toView(row!), key };
}

export async function listApiKeys(ctx: AccessContext): Promise<ApiKeyView[]> {
  return (await q.listApiKeys(ctx.db)).map(toView);
}

export async function revokeApiKey(ctx: AccessContext, actor: string, id: string): Promise<ApiKeyView> {
  return ctx.db.transaction(async (tx) => {
    const row = await q.apiKeyById(tx, id);
    if (!row) throw new AppError(AccessErrors.API_KEY_NOT_FOUND, 'no such API key', 404);
    if (await q.revokeApiKey(tx, id)) await q.insertAudit(tx, { actor, staffId: null, action: 'api_key_revoked', detail: { keyId: id } });
    return toView((await q.apiKeyById(tx, id))!);
  });
}
