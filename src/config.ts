// Configuration comes from the environment only, validated at start: a bad value stops Custodian with
// a message naming the variable.
import { z } from 'zod';
import { AppError, CoreErrors } from './errors.ts';

const port = z.coerce.number().int().min(0).max(65535);

export const configSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  CUSTODIAN_DATA_DIR: z.string().min(1).default('.custodian'),
  CUSTODIAN_POLICY: z.string().min(1).default('examples/ksaar/policy.yaml'),
  CUSTODIAN_PUBLIC_URL: z.url().optional(),
  CUSTODIAN_TRUST_PROXY: z.stringbool().default(false),
  CUSTODIAN_JOBS: z.stringbool().default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default('Custodian <privacy@localhost>'),
  APP_DATABASE_URL: z.string().regex(/^(postgres(ql)?:\/\/|pglite:)/, 'a postgres:// URL or pglite:DIR').optional(),
  CUSTODIAN_HASH_KEY: z.string().min(16, 'at least 16 characters').optional(),
  CUSTODIAN_CONSENT_RATE: z.coerce.number().min(0).default(20),
  CUSTODIAN_CONSENT_BURST: z.coerce.number().int().min(1).optional(),
  CUSTODIAN_CONSENT_BATCH_WAIT_MS: z.coerce.number().int().min(0).max(1000).optional(),
  CUSTODIAN_CONSENT_BATCHES_IN_FLIGHT: z.coerce.number().int().min(1).max(64).optional(),
});

export type Config = z.infer<typeof configSchema>;

/** The variables, with what each does: the README's configuration table is checked against this. */
export const configDocs: Record<keyof Config, string> = {
  PORT: 'HTTP port (default 8080; 0 picks a free one)',
  HOST: 'interface to listen on (default 127.0.0.1)',
  DATABASE_URL: 'PostgreSQL connection string; when unset, the embedded PGlite store is used',
  CUSTODIAN_DATA_DIR: 'where the embedded store and generated keys live (default ./.custodian)',
  CUSTODIAN_POLICY: 'the policy file loaded at start (default examples/ksaar/policy.yaml)',
  CUSTODIAN_PUBLIC_URL: 'the public base URL, used in links sent by e-mail and in the banner configuration',
  CUSTODIAN_TRUST_PROXY: 'true behind a reverse proxy: client IP and https are taken from X-Forwarded-* headers',
  CUSTODIAN_JOBS: 'false to start without the job queue (pg-boss); scheduled retention then does not run',
  LOG_LEVEL: 'fatal, error, warn, info (default), debug, trace or silent',
  SMTP_URL: 'smtp(s)://user:pass@host:port; when unset, mail goes to the outbox readable in the console',
  MAIL_FROM: 'sender of the e-mails Custodian sends',
  APP_DATABASE_URL: "the company database the example data map points at (env:APP_DATABASE_URL); unset: the embedded demo database in <data dir>/app-db",
  CUSTODIAN_HASH_KEY: 'key of the keyed hash used when retention anonymises a column; unset: generated once in <data dir>/retention-hash.key (0600)',
  CUSTODIAN_CONSENT_RATE: 'consents accepted per second per truncated IP address (default 20; 0 turns the limit off)',
  CUSTODIAN_CONSENT_BURST: 'burst allowed above that rate (default the larger of 100 and the rate)',
  CUSTODIAN_CONSENT_BATCH_WAIT_MS: 'how long a consent waits for others to share its commit (default 0: the end of the event-loop turn)',
  CUSTODIAN_CONSENT_BATCHES_IN_FLIGHT: 'consent batches committing at once (default: see docs/consent.md)',
};

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(Object.keys(configSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = configSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError(CoreErrors.CONFIG_INVALID, `invalid configuration:\n  ${lines.join('\n  ')}`, 500);
  }
  return parsed.data;
}

/** The configuration as it may be logged: secrets in URLs masked. */
export function describeConfig(config: Config): Record<string, unknown> {
  const mask = (url?: string) => url?.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
  return { ...config, DATABASE_URL: mask(config.DATABASE_URL), SMTP_URL: mask(config.SMTP_URL) };
}
