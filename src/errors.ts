// Every error Custodian returns or prints carries a stable, machine-readable code.
// Each module lists its codes in its own errors.ts; docs/errors.md is the catalogue.

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: string, message: string, status = 400, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

/** Codes owned by the platform itself (server, store, configuration). */
export const CoreErrors = {
  CONFIG_INVALID: 'CUSTODIAN_CONFIG_INVALID',
  CLI_USAGE: 'CUSTODIAN_CLI_USAGE',
  NOT_FOUND: 'CUSTODIAN_NOT_FOUND',
  BAD_REQUEST: 'CUSTODIAN_BAD_REQUEST',
  BODY_TOO_LARGE: 'CUSTODIAN_BODY_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'CUSTODIAN_UNSUPPORTED_MEDIA_TYPE',
  UNAUTHENTICATED: 'CUSTODIAN_UNAUTHENTICATED',
  FORBIDDEN: 'CUSTODIAN_FORBIDDEN',
  RATE_LIMITED: 'CUSTODIAN_RATE_LIMITED',
  SHUTTING_DOWN: 'CUSTODIAN_SHUTTING_DOWN',
  INTERNAL: 'CUSTODIAN_INTERNAL',
} as const;
