// Opens what the retention and data-map commands need: the policy, its data map, the company databases.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config.ts';
import { closeConnections, type Connections, openConnections } from '../datamap/connect.ts';
import { loadDataMap, loadDataMapFiles } from '../datamap/load.ts';
import type { DataMap } from '../datamap/model.ts';
import { type LoadedPolicy, loadPolicyFile } from '../policy/load.ts';
import type { Db } from '../store/db.ts';
import type { EngineContext } from './engine.ts';

/** The policy's data map; when the policy lists none, the `datamap/*.yaml` files beside it. */
export function dataMapOf(loaded: LoadedPolicy): DataMap {
  if (loaded.policy.datamap.length > 0) return loadDataMap(loaded.policy, loaded.file);
  const dir = join(dirname(loaded.file), 'datamap');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f)) : [];
  return loadDataMapFiles(files, loaded.policy);
}

export async function openEngine(store: Db, config: Config, options: { policyFile?: string; url?: string; connections?: Connections } = {}): Promise<EngineContext & { close(): Promise<void> }> {
  const policy = loadPolicyFile(options.policyFile ?? config.CUSTODIAN_POLICY);
  const map = dataMapOf(policy);
  const connections = await openConnections(map, options.connections, options.url);
  return { store, policy, map, connections, close: () => closeConnections(connections, options.connections) };
}
