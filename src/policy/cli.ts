// Policy commands: schema, check, render, ropa, publish, versions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Command, parseOptions, print } from '../cli/command.ts';
import { AppError } from '../errors.ts';
import { loadPolicyFile } from './load.ts';
import { buildRegister, registerToCsv, registerToHtml, registerToJson } from './ropa.ts';
import { formats, renderCookieCharter, renderLocales, renderPrivacyPolicy } from './render/index.ts';
import { policyJsonSchema } from './schema.ts';

/** The policy file a command works on: the argument, else $CUSTODIAN_POLICY, else the example. */
export function policyFile(positionals: string[]): string {
  return positionals[0] ?? process.env.CUSTODIAN_POLICY ?? 'examples/ksaar/policy.yaml';
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
      const { policy } = loadPolicyFile(policyFile(positionals));
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
      const { policy } = loadPolicyFile(policyFile(positionals));
      const rows = buildRegister(policy, locale);
      const text =
        format === 'csv' ? registerToCsv(rows, locale) : format === 'json' ? registerToJson(rows, locale) : registerToHtml(rows, locale, policy.controller.name);
      process.stdout.write(text);
      return 0;
    },
  },
};
