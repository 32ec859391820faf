// Policy commands: schema, check, render, ropa, publish, versions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Command, parseOptions, print, printError } from '../cli/command.ts';
import { checkPolicy } from './check.ts';
import { formatProblem, loadPolicyFile, PolicyLoadError } from './load.ts';
import { policyJsonSchema } from './schema.ts';

/** The policy file a command works on: its argument, else $CUSTODIAN_POLICY, else the example. */
export function policyFile(arg?: string): string {
  return arg || process.env.CUSTODIAN_POLICY || 'examples/ksaar/policy.yaml';
}

export const commands: Record<string, Command> = {
  check: {
    usage: 'check [FILE] [--json]',
    summary: 'check a policy against the GDPR and the CNIL rules (exit 1 on errors)',
    async run(argv) {
      const { values, positionals } = parseOptions('check', argv, { json: { type: 'boolean' } });
      if (positionals.length > 1) {
        printError('custodian check: at most one FILE');
        return 2;
      }
      const file = policyFile(positionals[0]);
      let policy: ReturnType<typeof loadPolicyFile>['policy'];
      try {
        policy = loadPolicyFile(file).policy;
      } catch (err) {
        if (!(err instanceof PolicyLoadError)) throw err;
        for (const p of err.problems) printError(formatProblem(p));
        if (values.json) print(JSON.stringify({ file, valid: false, code: err.code, problems: err.problems }, null, 2));
        return 1;
      }
      const findings = checkPolicy(policy);
      const errors = findings.filter((f) => f.severity === 'error').length;
      const warnings = findings.length - errors;
      if (values.json) {
        print(JSON.stringify({ file, errors, warnings, findings }, null, 2));
      } else {
        for (const f of findings) print(`${f.severity.padEnd(7)}  ${f.path}  ${f.message}  (${f.basis})`);
        print(`${file}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
      }
      return errors > 0 ? 1 : 0;
    },
  },
  schema: {
    usage: 'schema [--out FILE]',
    summary: 'write the JSON Schema of the policy document (for editors)',
    async run(argv) {
      const { values } = parseOptions('schema', argv, { out: { type: 'string' } }, false);
      const text = `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
      if (values.out) {
        mkdirSync(dirname(values.out), { recursive: true });
        writeFileSync(values.out, text);
        print(`wrote ${values.out}`);
      } else process.stdout.write(text);
      return 0;
    },
  },
};
