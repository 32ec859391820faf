// `custodian publish` and `custodian versions`.
import { type Command, parseOptions, print } from '../cli/command.ts';
import { withStore } from '../cli/store.ts';
import { loadPolicyFile } from './load.ts';
import { listVersions, publish } from './versions.ts';

export const commands: Record<string, Command> = {
  publish: {
    usage: 'publish [FILE] [--effective DATE] [--note TEXT]',
    summary: 'store the policy as a new version (content hash, effective date, note)',
    async run(argv) {
      const { values, positionals } = parseOptions('publish', argv, { effective: { type: 'string' }, note: { type: 'string' } });
      return withStore(async (db, config) => {
        const loaded = loadPolicyFile(positionals[0] ?? config.CUSTODIAN_POLICY);
        const v = await publish(db, loaded, { effective: values.effective, note: values.note });
        print(`published version ${v.id}, effective ${v.effective}, hash ${v.hash.slice(0, 12)}`);
        return 0;
      });
    },
  },
  versions: {
    usage: 'versions [--json]',
    summary: 'list the published policy versions',
    async run(argv) {
      const { values } = parseOptions('versions', argv, { json: { type: 'boolean' } }, false);
      return withStore(async (db) => {
        const versions = await listVersions(db);
        if (values.json) print(JSON.stringify(versions, null, 2));
        else {
          print('version  effective   published                 hash          note');
          for (const v of versions) {
            print(`${String(v.id).padEnd(8)} ${v.effective}  ${v.published_at.padEnd(24)}  ${v.hash.slice(0, 12)}  ${v.note ?? ''}`);
          }
        }
        return 0;
      });
    },
  },
};
