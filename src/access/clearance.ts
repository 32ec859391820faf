// Roles and clearance: the policy's internal recipients, plus `dpo` and `admin`. A role that grants
// access to personal data needs a recorded confidentiality acknowledgement and a training date no older
// than the policy's `security.training_refresh`.
import { parseDuration } from '../policy/duration.ts';
import type { Policy, Text } from '../policy/model.ts';

export interface RoleInfo {
  id: string;
  label: Text;
  /** True when holding the role gives access to personal data (clearance needed). */
  personalData: boolean;
  categories: string[];
  purposes: string[];
}

export const ADMIN = 'admin';
export const DPO = 'dpo';

export function roleCatalogue(policy: Policy): RoleInfo[] {
  const internal = Object.entries(policy.recipients.internal).map(([id, r]) => ({
    id,
    label: r.label,
    personalData: r.categories.length > 0,
    categories: r.categories,
    purposes: r.purposes,
  }));
  return [
    ...internal.filter((r) => r.id !== DPO && r.id !== ADMIN),
    // The DPO reads rights requests and the register: personal data, so clearance is required.
    { id: DPO, label: { en: 'Data protection officer', fr: 'Délégué à la protection des données' }, personalData: true, categories: [], purposes: [] },
    // Administrators manage staff, keys and the outbox; the role alone opens no personal data.
    { id: ADMIN, label: { en: 'Administrator', fr: 'Administrateur' }, personalData: false, categories: [], purposes: [] },
  ];
}

/** YYYY-MM-DD plus an ISO 8601 duration (calendar arithmetic, clamped to the month's end). */
export function addDuration(date: string, duration: string): string {
  const d = parseDuration(duration);
  if (!d) throw new Error(`not a duration: ${duration}`);
  const [y, m, day] = date.split('-').map(Number);
  const months = m - 1 + d.months + d.years * 12;
  const targetYear = y + Math.floor(months / 12);
  const targetMonth = ((months % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const base = new Date(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay)));
  base.setUTCDate(base.getUTCDate() + d.weeks * 7 + d.days + Math.floor((d.hours * 3600 + d.minutes * 60 + d.seconds) / 86400));
  return base.toISOString().slice(0, 10);
}

export interface ClearanceFacts {
  confidentialityAcknowledgedAt: string | null;
  trainingDate: string | null; // YYYY-MM-DD
}

/** Why this person may not hold a personal-data role today, or undefined when they may. */
export function clearanceProblem(facts: ClearanceFacts, trainingRefresh: string, today: string): string | undefined {
  if (!facts.confidentialityAcknowledgedAt) return 'no confidentiality acknowledgement is recorded';
  if (!facts.trainingDate) return 'no data-protection training date is recorded';
  if (facts.trainingDate > today) return 'the training date is in the future';
  const until = addDuration(facts.trainingDate, trainingRefresh);
  if (until < today) return `the training of ${facts.trainingDate} expired on ${until} (refresh every ${trainingRefresh})`;
  return undefined;
}

/** The roles a person can exercise today: personal-data roles drop out when their clearance lapses. */
export function effectiveRoles(held: string[], catalogue: RoleInfo[], facts: ClearanceFacts, trainingRefresh: string, today: string): string[] {
  const cleared = clearanceProblem(facts, trainingRefresh, today) === undefined;
  const byId = new Map(catalogue.map((r) => [r.id, r]));
  return held.filter((role) => {
    const info = byId.get(role);
    if (!info) return false; // a role the policy in force no longer defines
    return !info.personalData || cleared;
  });
}
