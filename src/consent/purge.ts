// Consent records are kept as the policy says, then purged: whole monthly partitions are dropped when
// every row in them has expired, the rest is deleted row by row. Rollups (anonymous counts) and the
// banner archive (no personal data) stay.
import type { Policy } from '../policy/model.ts';
import { approxDays } from '../policy/duration.ts';
import { cutoff as retentionCutoff } from '../retention/clock.ts';
import type { Db } from '../store/db.ts';
import * as q from './queries.ts';

/**
 * How long consent records are kept: a retention rule whose clock is `consent` (its longest period,
 * extensions included) wins; otherwise the consent's own lifetime (`cookies.consent.lifetime`).
 */
export function consentRetention(policy: Policy): string {
  const rules = policy.retention.filter((r) => r.clock === 'consent');
  if (rules.length === 0) return policy.cookies.consent.lifetime;
  const candidates = rules.flatMap((r) => [r.keep, ...r.extensions.map((e) => e.keep)]);
  return candidates.reduce((a, b) => (approxDays(b) > approxDays(a) ? b : a));
}

export interface PurgeResult {
  cutoff: string;
  retention: string;
  droppedPartitions: string[];
  deleted: number;
}

export async function purgeExpiredConsents(db: Db, policy: Policy, now = new Date()): Promise<PurgeResult> {
  const retention = consentRetention(policy);
  // The same calendar arithmetic, in the controller's time zone, as the retention engine's.
  const { cutoff } = retentionCutoff(now, retention, policy.controller.time_zone);
  return db.transaction(async (tx) => {
    const droppedPartitions: string[] = [];
    let deleted = 0;
    for (const name of await q.listPartitions(tx)) {
      const m = /^consent_events_y(\d{4})m(\d{2})$/.exec(name);
      if (!m) continue;
      const end = new Date(Date.UTC(Number(m[1]), Number(m[2]), 1)); // first instant of the next month
      if (end <= cutoff) {
        deleted += await q.dropPartition(tx, name);
        droppedPartitions.push(name);
      }
    }
    deleted += await q.deleteEventsBefore(tx, cutoff);
    await q.deleteEventIdsBefore(tx, cutoff);
    return { cutoff: cutoff.toISOString(), retention, droppedPartitions, deleted };
  });
}
