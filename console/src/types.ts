// Shapes of the server's answers the console reads.

/** A staff member as the access module shows them (docs/access.md). */
export interface Staff {
  id: string;
  email: string;
  active: boolean;
  roles: string[];
  /** The roles exercisable today (personal-data roles drop out when training lapses). */
  effectiveRoles: string[];
  passwordSet: boolean;
  totp: boolean;
  confidentialityAcknowledgedAt: string | null;
  trainingDate: string | null;
  clearanceProblem: string | null;
  createdAt: string;
  deactivatedAt: string | null;
}

export type Me = Staff;

export interface RoleInfo {
  id: string;
  label: Record<string, string>;
  personalData: boolean;
}

export interface VersionSummary {
  id: number;
  hash: string;
  effective: string;
  published_at: string;
  note: string | null;
}

export interface CurrentPolicy {
  version: { id: number; hash: string; effective: string; publishedAt: string; note: string | null };
  doc: 'privacy' | 'cookies';
  locale: string;
  locales: string[];
  html: string;
}

export interface SectionChange {
  section: string;
  added: string[];
  removed: string[];
  changed: string[];
}

export interface DiffAnswer {
  from: { id: number; effective: string; hash: string };
  to: { id: number; effective: string; hash: string };
  sections: SectionChange[];
}

export interface Finding {
  rule: string;
  severity: 'error' | 'warning';
  path: string;
  message: string;
  basis: string;
}

export interface CheckAnswer {
  file: string;
  hash: string;
  published: boolean;
  findings: Finding[];
}

export type RegisterCell = string | string[];

export interface RegisterAnswer {
  locale: string;
  columns: { id: string; label: string }[];
  rows: Record<string, RegisterCell>[];
}
