// Error codes of the mail module (listed in docs/errors.md).
export const MailErrors = {
  /** The SMTP server refused the message or could not be reached. */
  SEND_FAILED: 'CUSTODIAN_MAIL_SEND_FAILED',
  /** A recipient or subject that cannot be sent (empty, several addresses, line breaks). */
  BAD_MESSAGE: 'CUSTODIAN_MAIL_BAD_MESSAGE',
} as const;
