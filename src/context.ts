// What every module's routes and jobs receive: configuration, the store, the job queue, the policy in force.
import type { PgBoss } from 'pg-boss';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Config } from './config.ts';
import type { Db } from './store/db.ts';
import type { LoadedPolicy } from './policy/load.ts';
import type { PublishedVersion } from './policy/versions.ts';

/** Who is calling: a staff member's session, or a company backend's API key. */
export interface Principal {
  kind: 'staff' | 'api_key';
  id: string;
  roles: string[];
}

export type Authenticator = (request: FastifyRequest) => Promise<Principal | undefined>;

export interface AppContext {
  config: Config;
  db: Db;
  jobs?: PgBoss;
  log: FastifyBaseLogger;
  /** The policy file as loaded at start (the draft a DPO may publish). */
  loaded: LoadedPolicy;
  /** The published version in force now. */
  policy: { get(): Promise<PublishedVersion>; invalidate(): void };
  /** Set by the access module; without it every non-public route answers 401. */
  authenticate?: Authenticator;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
