/** `claude-run login` on the program (the command itself is in login.ts). */
import type { Command } from 'commander';
import type { CliCommand } from './command';
import { loginCommand } from './login';
import { plain, runner } from './run';

export const loginCommands: CliCommand[] = [
  {
    register(program: Command, deps) {
      const run = runner(deps);
      program
        .command('login')
        .description(
          'The Claude login kept in step: this machine\u2019s copy and each running session\u2019s (never a token).',
        )
        .option('--json', 'one JSON document on stdout (see docs/cli.md)')
        .action((opts: { json?: boolean }) => run(plain, (ctx) => loginCommand(ctx, opts)));
    },
  },
];
