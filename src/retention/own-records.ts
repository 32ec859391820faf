// Custodian's own records are kept within the policy too: a retention run also purges the consent
// ledger (through the consent module's exported purge) and records the evidence like any rule.
import { randomUUID } from 'node:crypto';
import { purgeExpiredConsents } from '../consent/purge.ts';
import { describePolicyVersion } from '../policy/versions.ts';
import type { EngineContext, RunOptions, RunSummary } from './engine.ts';
import { type Counts, finishRun, insertRun } from './queries.ts';

/** The pseudo-rule under which the consent ledger's purge appears in the evidence. */
export const OWN_CONSENTS_RULE = 'custodian.consents';

export async function purgeOwnRecords(ctx: EngineContext, options: RunOptions): Promise<RunSummary> {
  const id = randomUUID();
  const now = options.now ?? new Date();
  await insertRun(ctx.store, {
    id,
    rule: OWN_CONSENTS_RULE,
    policy_hash: ctx.policy.hash,
    policy_version: await describePolicyVersion(ctx.store, ctx.policy),
    trigger: options.trigger ?? 'cli',
    now_at: now,
    steps: [],
  });
  const started = performance.now();
  try {
    const result = await purgeExpiredConsents(ctx.store, ctx.policy.policy, now);
    const counts: Counts = result.deleted > 0 ? { consent_events: { delete: result.deleted } } : {};
    await finishRun(ctx.store, id, 'done', counts, []);
    const ms = performance.now() - started;
    return { id, rule: OWN_CONSENTS_RULE, status: 'done', resumed: false, counts, batches: 1, longestBatchMs: ms, batchMs: [ms], errors: [] };
  } catch (err) {
    const message = (err as Error).message;
    await finishRun(ctx.store, id, 'failed', {}, [{ message, at: new Date().toISOString() }]);
    return { id, rule: OWN_CONSENTS_RULE, status: 'failed', resumed: false, counts: {}, batches: 0, longestBatchMs: 0, batchMs: [], errors: [message] };
  }
}
