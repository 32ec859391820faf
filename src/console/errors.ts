// Error codes of the console's serving (listed in docs/errors.md).
export const ConsoleErrors = {
  /** console/dist is missing and could not be built. */
  UNAVAILABLE: 'CUSTODIAN_CONSOLE_UNAVAILABLE',
} as const;
