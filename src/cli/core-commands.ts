// Commands that belong to no single module: start.
import type { Command } from './command.ts';

export const commands: Record<string, Command> = {
  start: {
    usage: 'start',
    summary: 'run the server (configuration from the environment; see the README)',
    async run() {
      const { startServer } = await import('../server.ts');
      await startServer();
      return 0;
    },
  },
};
