export const DatamapErrors = {
  FILE_UNREADABLE: 'CUSTODIAN_DATAMAP_FILE_UNREADABLE',
  YAML_SYNTAX: 'CUSTODIAN_DATAMAP_YAML_SYNTAX',
  INVALID: 'CUSTODIAN_DATAMAP_INVALID',
  /** A subject, category, table or clock event the policy or the map does not define. */
  UNDEFINED_REFERENCE: 'CUSTODIAN_DATAMAP_UNDEFINED_REFERENCE',
  /** Tables whose references loop back on themselves. */
  REFERENCE_CYCLE: 'CUSTODIAN_DATAMAP_REFERENCE_CYCLE',
  /** The live database disagrees with the map: missing table or column, wrong type, clock not a timestamp. */
  MISMATCH: 'CUSTODIAN_DATAMAP_MISMATCH',
  CONNECTION_FAILED: 'CUSTODIAN_DATAMAP_CONNECTION_FAILED',
} as const;
