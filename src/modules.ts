// The domain modules, in dependency order. Each owns its migrations, queries, logic and routes;
// the server and the CLI find them here.
import { fileURLToPath } from 'node:url';
import type { MigrationSource } from './store/migrate.ts';

export const moduleNames = ['policy', 'mail', 'access', 'consent', 'datamap', 'retention'] as const;
export type ModuleName = (typeof moduleNames)[number];

export function migrationSources(): MigrationSource[] {
  return moduleNames.map((module) => ({ module, dir: fileURLToPath(new URL(`./${module}/migrations/`, import.meta.url)) }));
}
