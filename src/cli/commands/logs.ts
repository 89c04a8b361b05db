/**
 * `claude-run logs [id] [-f] [-n lines]`: what the app recorded for the session (start-up,
 * setup commands' output, import errors), then the container's log as the engine keeps it. A
 * session's agent runs in a TTY of its own (not the container's main process), so neither
 * holds the agent's screen; the hint says where the agent is.
 */
import { AppError } from '../../shared/errors';
import type { CliContext } from './context';
import { printSessionLog } from './session-log';
import { selectTarget } from './select';
import { findTargets, matchTarget, shortId } from './targets';
import { createTerminalFilter } from './terminal-safe';

export interface LogsOptions {
  follow?: boolean;
  tail?: string | number;
}

export function parseTail(value: string | number | undefined): number {
  if (value === undefined) return 50;
  const text = String(value).trim();
  if (text === 'all') return -1;
  if (!/^\d{1,9}$/.test(text)) {
    throw new AppError(
      'bad-arguments',
      `--tail wants a number of lines, not "${text.slice(0, 20)}"`,
      'for example `claude-run logs -n 100`, or `-n all`',
    );
  }
  return Number(text);
}

export async function logsCommand(
  ctx: CliContext,
  id: string | undefined,
  opts: LogsOptions,
  signal?: AbortSignal,
): Promise<number> {
  const tail = parseTail(opts.tail);
  const found = await findTargets(ctx);
  if (found.engineProblem) throw found.engineProblem;
  // A session without a container (failed, removed outside the app) still has its own log.
  const withLogs = found.targets.filter(
    (t) => (t.containerId && t.status !== 'gone') || t.sessionId,
  );
  const t = id
    ? matchTarget(found.targets, id)
    : await selectTarget(ctx, withLogs, { verb: 'show the logs of', command: 'logs' });
  const hasContainer = Boolean(t.containerId && found.engine && t.status !== 'gone');
  const recorded = await printSessionLog(ctx, t, tail, { header: hasContainer });
  if (!t.containerId || !found.engine || t.status === 'gone') {
    if (recorded) {
      ctx.note(`(${shortId(t)} has no container any more: this is what the app recorded)\n`);
      return 0;
    }
    throw new AppError(
      'container-not-found',
      `${shortId(t)} has no container any more`,
      'its branch is kept in the repository; start a new session with `claude-run`',
    );
  }
  const stream = await found.engine.logs(t.containerId, {
    ...(tail >= 0 ? { tail } : {}),
    follow: Boolean(opts.follow),
    ...(signal ? { signal } : {}),
  });
  let bytes = 0;
  // The container writes these bytes: they reach the user's terminal filtered (SGR only).
  const filter = createTerminalFilter();
  await new Promise<void>((resolve, reject) => {
    const finish = () => resolve();
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      const safe = filter.write(chunk);
      if (safe) ctx.io.stdout.write(safe);
    });
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', (e) => (signal?.aborted ? resolve() : reject(e)));
    signal?.addEventListener('abort', () => {
      stream.destroy();
      resolve();
    });
  });
  const held = filter.end();
  if (held) ctx.io.stdout.write(held);
  if (bytes === 0 && t.sessionId && !opts.follow) {
    ctx.note(
      `(no log output: the agent runs in its own terminal; \`claude-run attach ${shortId(t)}\` shows it)\n`,
    );
  }
  return 0;
}
