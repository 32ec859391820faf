// Policy commands: schema, check, render, ropa, publish, versions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Command, parseOptions, print } from '../cli/command.ts';
import { policyJsonSchema } from './schema.ts';

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
};
