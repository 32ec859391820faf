export const RetentionErrors = {
  /** The data map does not match the live database: nothing was touched. */
  DATAMAP_MISMATCH: 'CUSTODIAN_RETENTION_DATAMAP_MISMATCH',
  UNKNOWN_RULE: 'CUSTODIAN_RETENTION_UNKNOWN_RULE',
  /** Another run of the same rule holds the lock (this instance or another). */
  RUN_IN_PROGRESS: 'CUSTODIAN_RETENTION_RUN_IN_PROGRESS',
  /** A batch failed; the run is recorded as failed and the next one continues. */
  RUN_FAILED: 'CUSTODIAN_RETENTION_RUN_FAILED',
  HOLD_NOT_FOUND: 'CUSTODIAN_RETENTION_HOLD_NOT_FOUND',
  BAD_DATE: 'CUSTODIAN_RETENTION_BAD_DATE',
} as const;
