/**
 * The `claude-run` command line. Each command is a file in ./commands that registers itself
 * on the program; list it in ./commands/index.ts.
 */
import { Command } from 'commander';
import { commands } from './commands';
import type { CliDeps } from './commands/context';
import { formatError, paint, useColor } from './commands/output';
import { CommandExit } from './commands/run';

export function buildProgram(deps: CliDeps): Command {
  const program = new Command('claude-run')
    .description(
      'Run Claude Code (or another CLI agent) in a hardened container, one branch per session.',
    )
    .version(deps.version, '-v, --version')
    .configureOutput({
      writeOut: (s) => deps.io.stdout.write(`${s.trimEnd()}\n`),
      writeErr: (s) => deps.io.stderr.write(`${s.trimEnd()}\n`),
    })
    .showHelpAfterError('(run claude-run --help for usage)');
  for (const command of commands) command.register(program, deps);
  return program;
}

/**
 * Parses argv and runs; returns the exit code. Errors print the one way (output.ts's
 * formatError: `error:` and `hint:` lines), whether commander's hooks or a command threw them.
 */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const program = buildProgram(deps).exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommandExit) return err.exitCode;
    const code = (err as { code?: unknown; exitCode?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      // Commander printed its own message (writeErr above).
      return Number((err as { exitCode?: unknown }).exitCode ?? 1);
    }
    deps.io.stderr.write(formatError(err, paint(useColor(deps.io.stderr, deps.io.env))));
    return 1;
  }
}
