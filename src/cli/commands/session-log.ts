/**
 * The part of `claude-run logs` the container's own log does not have: what the app recorded
 * for the session (start-up progress, setup commands' output, import and push errors), from
 * the per-session log file the core keeps in the data dir.
 */
import { appDataDir } from '../../main/app/paths';
import { readSessionLog } from '../../main/app/session-log';
import type { CliContext } from './context';
import type { Target } from './targets';
import { terminalSafe } from './terminal-safe';

/** Prints the session's recorded log (last `tail` lines, -1 all); false when there is none. */
export async function printSessionLog(
  ctx: CliContext,
  t: Target,
  tail: number,
  opts: { header: boolean },
): Promise<boolean> {
  if (!t.sessionId) return false;
  const dataDir = appDataDir(ctx.io.env, process.platform, ctx.homeDir);
  const text = await readSessionLog(dataDir, t.sessionId, tail);
  if (text === null || text === '') return false;
  if (opts.header) ctx.note(ctx.err.dim('--- session (start-up, setup, imports) ---\n'));
  // Setup commands' output came from the container: it must not drive the user's terminal.
  ctx.io.stdout.write(terminalSafe(text));
  if (opts.header) ctx.note(ctx.err.dim('--- container ---\n'));
  return true;
}
