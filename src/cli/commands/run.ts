/**
 * Running one command from its action: a fresh context on the program's deps, errors as
 * `error:`/`hint:` lines (a stack trace only with CCR_DEBUG=1), the core disposed, and the exit
 * code handed back to runCli (src/cli/program.ts), which returns it to whoever ends the process.
 */
import { resolve } from 'node:path';
import { CliContext, type CliDeps } from './context';
import { formatError, paint, useColor } from './output';
import { shutdownProgress } from '../shutdown';

export async function runCommand(
  ctx: CliContext,
  fn: (ctx: CliContext) => Promise<number>,
): Promise<number> {
  let code: number;
  try {
    code = await fn(ctx);
  } catch (e) {
    if (ctx.debug && e instanceof Error && e.stack) ctx.note(`${e.stack}\n`);
    ctx.note(formatError(e, paint(useColor(ctx.io.stderr, ctx.io.env))));
    code = 1;
  }
  await ctx.dispose().catch(() => undefined);
  shutdownProgress();
  return code;
}

/**
 * A command's exit code other than 0 on its way out of commander (whose actions return
 * nothing) to runCli. Its message was printed already.
 */
export class CommandExit extends Error {
  constructor(readonly exitCode: number) {
    super(`the command ended with exit code ${exitCode}`);
    this.name = 'CommandExit';
  }
}

/** How an action builds its context from the deps (start's flags change the core's settings). */
export type Make = (deps: CliDeps) => CliContext;
export const plain: Make = (deps) => new CliContext(deps);

/** For a command's action: runs `fn` on its own context, in `folder` (relative to cwd) if given. */
export function runner(deps: CliDeps, folder?: string) {
  return async (make: Make, fn: (ctx: CliContext) => Promise<number>): Promise<void> => {
    const io = folder === undefined ? deps.io : { ...deps.io, cwd: resolve(deps.io.cwd, folder) };
    const code = await runCommand(make({ ...deps, io }), fn);
    if (code !== 0) throw new CommandExit(code);
  };
}
