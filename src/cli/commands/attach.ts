/**
 * `claude-run attach [id] [--no-web]`: back to a running session, in the web UI (default) or
 * in this terminal. Without an id: a menu of the running sessions.
 */
import { AppError } from '../../shared/errors';
import type { CliContext } from './context';
import { openWeb, serveUntilInterrupted } from './serve';
import { selectTarget } from './select';
import { findTargets, matchTarget, shortId } from './targets';
import { attachSessionTerminal } from './terminal';

export interface AttachOptions {
  web?: boolean;
}

export async function attachCommand(
  ctx: CliContext,
  id: string | undefined,
  opts: AttachOptions,
  signal?: AbortSignal,
): Promise<number> {
  const found = await findTargets(ctx);
  if (found.engineProblem) throw found.engineProblem;
  const t = id
    ? matchTarget(found.targets, id)
    : await selectTarget(
        ctx,
        found.targets.filter((x) => x.running && x.session),
        { verb: 'attach to', command: 'attach' },
      );
  if (!t.session) {
    throw new AppError(
      'not-a-session',
      `container ${shortId(t)} has the app's label but no session record here`,
      'it was started with another data dir (CCR_DATA_DIR); attach from there, or remove it with `claude-run clean`',
    );
  }
  if (!t.running) {
    throw new AppError(
      'session-not-running',
      `session ${t.session.name} is ${t.status}`,
      t.status === 'gone'
        ? 'its container is gone; start a new session with `claude-run start`'
        : 'restart it from the app, or start a new one with `claude-run start`',
    );
  }
  // The record may lag behind a container started by another process: it is running now.
  const session = { ...t.session, status: 'running' as const };
  if (opts.web === false) return attachSessionTerminal(ctx, session);
  const server = await openWeb(ctx, session.id);
  await serveUntilInterrupted(ctx, server, signal);
  return 0;
}
