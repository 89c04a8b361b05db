/**
 * Running one seed command: the process's streams, errors as `error:`/`hint:` lines (a stack
 * trace only with CCR_DEBUG=1), the core disposed, an exit code returned.
 */
import type { CliContext } from './context';
import { type CliIO } from './context';
import { formatError, paint, useColor } from './output';

export function processIO(env: NodeJS.ProcessEnv = process.env): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env,
    cwd: process.cwd(),
  };
}

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
  return code;
}
