// Staff commands: staff add, staff list, staff training, staff deactivate.
import { type Command, parseOptions, print } from '../cli/command.ts';
import { type Config, loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { loadPolicyFile } from '../policy/load.ts';
import { currentPolicyCache } from '../policy/versions.ts';
import { openStore } from '../store/open.ts';
import { ADMIN } from './clearance.ts';
import { AccessErrors } from './errors.ts';
import { type AccessContext, createStaff, findStaffByEmail, linkBase, listStaff, setPasswordLink, setStaffActive, setStaffTraining } from './staff.ts';

const ACTOR = 'cli';

async function withAccess<T>(fn: (ctx: AccessContext, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const loaded = loadPolicyFile(config.CUSTODIAN_POLICY);
  const db = await openStore(config);
  try {
    const cache = currentPolicyCache(db, () => loaded.policy.controller.time_zone);
    // Before the first start nothing is published yet: the policy file stands in.
    const policy = { get: () => cache.get().catch(() => ({ policy: loaded.policy })) };
    return await fn({ db, config, policy }, config);
  } finally {
    await db.close();
  }
}

async function staffIdOf(ctx: AccessContext, email: string): Promise<string> {
  const staff = await findStaffByEmail(ctx, email);
  if (!staff) throw new AppError(AccessErrors.STAFF_NOT_FOUND, 'no staff member has this e-mail address', 1);
  return staff.id;
}

export const commands: Record<string, Command> = {
  'staff add': {
    usage: 'staff add --email E (--role R… | --admin) [--training YYYY-MM-DD --acknowledged]',
    summary: 'add a staff member and print a one-time link to set the password',
    async run(argv) {
      const { values } = parseOptions(
        'staff add',
        argv,
        {
          email: { type: 'string' },
          role: { type: 'string', multiple: true },
          admin: { type: 'boolean' },
          training: { type: 'string' },
          acknowledged: { type: 'boolean' },
        },
        false,
      );
      if (!values.email) throw new AppError('CUSTODIAN_CLI_USAGE', 'custodian staff add: --email is required', 2);
      const roles = [...(values.role ?? []).flatMap((r) => r.split(',')), ...(values.admin ? [ADMIN] : [])].filter(Boolean);
      if (roles.length === 0) throw new AppError('CUSTODIAN_CLI_USAGE', 'custodian staff add: give --role R (repeatable) or --admin', 2);
      return withAccess(async (ctx, config) => {
        const { staff, token } = await createStaff(ctx, ACTOR, {
          email: values.email!,
          roles,
          trainingDate: values.training,
          confidentialityAcknowledged: values.acknowledged,
        });
        print(`added ${staff.id} with role${staff.roles.length > 1 ? 's' : ''} ${staff.roles.join(', ')}`);
        print(`one-time link to set the password (valid 72 hours):`);
        print(`  ${setPasswordLink(linkBase(config), token)}`);
        return 0;
      });
    },
  },
  'staff list': {
    usage: 'staff list [--json]',
    summary: 'list staff members with their roles and training',
    async run(argv) {
      const { values } = parseOptions('staff list', argv, { json: { type: 'boolean' } }, false);
      return withAccess(async (ctx) => {
        const staff = await listStaff(ctx);
        if (values.json) {
          process.stdout.write(`${JSON.stringify(staff, null, 2)}\n`);
          return 0;
        }
        if (staff.length === 0) print('no staff yet: custodian staff add --admin --email E');
        for (const s of staff) {
          const state = s.active ? (s.passwordSet ? 'active' : 'invited') : 'deactivated';
          const training = s.trainingDate ? `trained ${s.trainingDate}` : 'no training recorded';
          const ack = s.confidentialityAcknowledgedAt ? 'confidentiality acknowledged' : 'no confidentiality acknowledgement';
          print(`${s.id}  ${s.email}  ${state}  roles: ${s.roles.join(', ') || '-'}  ${training}, ${ack}${s.totp ? ', TOTP' : ''}`);
        }
        return 0;
      });
    },
  },
  'staff training': {
    usage: 'staff training --email E --date YYYY-MM-DD [--acknowledged]',
    summary: "record a staff member's data-protection training and confidentiality acknowledgement",
    async run(argv) {
      const { values } = parseOptions('staff training', argv, { email: { type: 'string' }, date: { type: 'string' }, acknowledged: { type: 'boolean' } }, false);
      if (!values.email || !values.date) throw new AppError('CUSTODIAN_CLI_USAGE', 'custodian staff training: --email and --date are required', 2);
      return withAccess(async (ctx) => {
        const staff = await setStaffTraining(ctx, ACTOR, await staffIdOf(ctx, values.email!), {
          confidentialityAcknowledged: Boolean(values.acknowledged),
          trainingDate: values.date!,
        });
        print(`${staff.id}: trained ${staff.trainingDate}${staff.confidentialityAcknowledgedAt ? ', confidentiality acknowledged' : ''}`);
        return 0;
      });
    },
  },
  'staff deactivate': {
    usage: 'staff deactivate --email E',
    summary: 'deactivate a staff member: their sessions and API keys end at once',
    async run(argv) {
      const { values } = parseOptions('staff deactivate', argv, { email: { type: 'string' } }, false);
      if (!values.email) throw new AppError('CUSTODIAN_CLI_USAGE', 'custodian staff deactivate: --email is required', 2);
      return withAccess(async (ctx) => {
        const staff = await setStaffActive(ctx, ACTOR, await staffIdOf(ctx, values.email!), false);
        print(`${staff.id} deactivated`);
        return 0;
      });
    },
  },
};
