/**
 * The `claude-run` command line. Each command is a file in ./commands that registers itself
 * on the program; list it in ./commands/index.ts.
 */
import { Command, InvalidArgumentError } from 'commander';
import { isAppError } from '../shared/errors';
import { commands } from './commands';
import type { CliContext } from './context';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('claude-run')
    .description(
      'Run Claude Code (or another CLI agent) in a hardened container, one branch per session.',
    )
    .version(ctx.version, '-v, --version')
    .configureOutput({
      writeOut: (s) => ctx.out(s.trimEnd()),
      writeErr: (s) => ctx.err(s.trimEnd()),
    })
    .showHelpAfterError('(run claude-run --help for usage)');
  for (const command of commands) command.register(program, ctx);
  return program;
}

/** Parses argv and runs; returns the exit code. AppErrors print as `error:` and `hint:` lines. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx).exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (isAppError(err)) {
      ctx.err(`error: ${err.message}`);
      if (err.hint) ctx.err(`hint: ${err.hint}`);
      return 1;
    }
    const code = (err as { code?: unknown; exitCode?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      return Number((err as { exitCode?: unknown }).exitCode ?? 1);
    }
    ctx.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

/** Option parsers shared by commands. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError('a port is a number from 1 to 65535.');
  }
  return port;
}
