// `custodian <command>`: every command comes from a module's cli.ts.
import { AppError } from '../errors.ts';
import type { Command } from './command.ts';
import { print, printError } from './command.ts';
import { commands as core } from './core-commands.ts';
import { commands as policy } from '../policy/cli.ts';
import { commands as versions } from '../policy/cli-versions.ts';
import { commands as consent } from '../consent/cli.ts';
import { commands as staff } from '../access/cli.ts';
import { commands as retention } from '../retention/cli.ts';

export const commands: Record<string, Command> = { ...core, ...policy, ...versions, ...staff, ...consent, ...retention };

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    usage();
    return name ? 0 : 2;
  }
  if (name === '--version' || name === 'version') {
    const pkg = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')));
    print(pkg.version);
    return 0;
  }
  // Two-word commands ("staff add", "retention plan") are keyed with a space.
  const key = rest[0] && commands[`${name} ${rest[0]}`] ? `${name} ${rest[0]}` : name;
  const command = commands[key];
  if (!command) {
    printError(`custodian: unknown command "${name}". Run "custodian help" for the list.`);
    return 2;
  }
  try {
    return await command.run(key === name ? rest : rest.slice(1));
  } catch (err) {
    if (err instanceof AppError) {
      printError(err.status === 2 ? err.message : `custodian ${key}: ${err.message} [${err.code}]`);
      return err.status === 2 ? 2 : 1;
    }
    printError(`custodian ${key}: ${(err as Error).stack ?? err}`);
    return 1;
  }
}

function usage(): void {
  print('Usage: custodian <command> [options]\n');
  const width = Math.max(...Object.values(commands).map((c) => c.usage.length));
  for (const c of Object.values(commands)) print(`  ${c.usage.padEnd(width)}  ${c.summary}`);
}
