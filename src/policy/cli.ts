// Policy commands: schema, check, render, ropa, publish, versions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Command, parseOptions, print, printError } from '../cli/command.ts';
import { AppError } from '../errors.ts';
import { checkPolicy } from './check.ts';
import { formatProblem, loadPolicyFile, PolicyLoadError } from './load.ts';
import { formats, renderCookieCharter, renderLocales, renderPrivacyPolicy } from './render/index.ts';
import { buildRegister, registerToCsv, registerToHtml, registerToJson } from './ropa.ts';
import { policyJsonSchema } from './schema.ts';

/** The policy file a command works on: its argument, else $CUSTODIAN_POLICY, else the example. */
export function policyFile(arg?: string): string {
  return arg || process.env.CUSTODIAN_POLICY || 'examples/ksaar/policy.yaml';
}

function usageError(command: string, message: string): AppError {
  return new AppError('CUSTODIAN_CLI_USAGE', `custodian ${command}: ${message}`, 2);
}

function oneOf<T extends string>(command: string, flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw usageError(command, `--${flag} must be ${allowed.join(' or ')} (got "${value}")`);
  return value as T;
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
  render: {
    usage: 'render [FILE] [--format html|md] [--locale en|fr] [--out DIR]',
    summary: 'render the privacy policy and the cookie charter (stdout, or files in DIR)',
    async run(argv) {
      const { values, positionals } = parseOptions('render', argv, {
        format: { type: 'string' },
        locale: { type: 'string' },
        out: { type: 'string' },
      });
      if (positionals.length > 1) throw usageError('render', `one policy file at most (got ${positionals.length})`);
      const format = oneOf('render', 'format', values.format, formats, 'html');
      const locale = oneOf('render', 'locale', values.locale, renderLocales, 'en');
      const { policy } = loadPolicyFile(policyFile(positionals[0]));
      const texts = {
        privacy: renderPrivacyPolicy(policy, { locale, format }),
        cookies: renderCookieCharter(policy, { locale, format }),
      };
      if (!values.out) {
        process.stdout.write(texts.privacy);
        process.stdout.write('\n');
        process.stdout.write(texts.cookies);
        return 0;
      }
      mkdirSync(values.out, { recursive: true });
      for (const [name, text] of Object.entries(texts)) {
        const file = join(values.out, `${name}.${locale}.${format}`);
        writeFileSync(file, text);
        print(`wrote ${file}`);
      }
      return 0;
    },
  },
  ropa: {
    usage: 'ropa [FILE] [--format csv|json|html] [--locale en|fr]',
    summary: 'print the register of processing activities (GDPR Art. 30), one row per purpose',
    async run(argv) {
      const { values, positionals } = parseOptions('ropa', argv, { format: { type: 'string' }, locale: { type: 'string' } });
      if (positionals.length > 1) throw usageError('ropa', `one policy file at most (got ${positionals.length})`);
      const format = oneOf('ropa', 'format', values.format, ['csv', 'json', 'html'] as const, 'csv');
      const locale = oneOf('ropa', 'locale', values.locale, renderLocales, 'en');
      const { policy } = loadPolicyFile(policyFile(positionals[0]));
      const rows = buildRegister(policy, locale);
      const text =
        format === 'csv' ? registerToCsv(rows, locale) : format === 'json' ? registerToJson(rows, locale) : registerToHtml(rows, locale, policy.controller.name);
      process.stdout.write(text);
      return 0;
    },
  },
};
