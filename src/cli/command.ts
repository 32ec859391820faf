// A CLI command: parses its own arguments (node:util parseArgs) and returns an exit code.
// Modules export their commands from `<module>/cli.ts`; src/cli/main.ts lists them.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError, CoreErrors } from '../errors.ts';

export interface Command {
  /** e.g. "check [FILE] [--json]" */
  usage: string;
  summary: string;
  run(argv: string[]): Promise<number>;
}

/** Parses options, turning parseArgs' TypeErrors into a usage error that names the command. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  name: string,
  argv: string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new AppError(CoreErrors.CLI_USAGE, `custodian ${name}: ${(err as Error).message}`, 2);
  }
}

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function printError(line: string): void {
  process.stderr.write(`${line}\n`);
}
