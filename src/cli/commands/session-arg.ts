/**
 * Which session a work command (diff, review, merge, push, pr, discard) acts on: the one the
 * user names (any id, name or branch `claude-run list` shows), else the one of the current
 * folder. Several in this folder: a menu on a terminal, else an error listing them (a script
 * must say which; merging or discarding the wrong session is real harm).
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { Api } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { SessionInfo } from '../../shared/schemas/session';
import type { CliContext } from './context';
import { clean } from './output';
import { selectTarget } from './select';
import { type Target, findTargets, matchTarget, shortId } from './targets';

/** `folder` is `dir` or holds it (the user runs the command somewhere in the repository). */
export function isInside(dir: string, folder: string): boolean {
  const rel = relative(resolve(folder), resolve(dir));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

async function recordTargets(api: Api): Promise<Target[]> {
  return (await api.listSessions({})).sessions.map((s) => ({
    sessionId: s.id,
    session: s,
    containerId: s.containerId,
    name: s.containerName || s.name,
    branch: s.branch,
    folder: s.folder,
    status: s.status,
    running: s.status === 'running',
    created: new Date(s.createdAt),
    foreign: false,
  }));
}

export async function chooseSession(
  ctx: CliContext,
  id: string | undefined,
  what: { verb: string; command: string },
): Promise<SessionInfo> {
  const found = await findTargets(ctx);
  // The engine is not needed to read a session's branch: when it cannot be asked (down, slow)
  // the records alone say which sessions there are (a CCR_SCOPE_LABEL cannot be judged then).
  const targets = found.engineProblem ? await recordTargets(await ctx.getApi()) : found.targets;
  if (found.engineProblem && ctx.debug) ctx.note(`debug: ${found.engineProblem.message}\n`);
  const sessions = targets.filter((t): t is Target & { session: SessionInfo } => !!t.session);
  if (id !== undefined) {
    const t = matchTarget(targets, id);
    if (!t.session) {
      throw new AppError(
        'not-a-session',
        `container ${shortId(t)} has the app's label but no session record here`,
        'it was started with another data dir (CCR_DATA_DIR); run the command from there',
      );
    }
    return t.session;
  }
  const here = sessions
    .filter((t) => isInside(ctx.io.cwd, t.session.folder))
    // The newest first: the one a user most likely means when a menu is shown.
    .sort((a, b) => b.session.createdAt.localeCompare(a.session.createdAt));
  if (here.length === 1) return here[0]!.session;
  if (here.length === 0) {
    throw new AppError(
      'no-session-here',
      `no session was started from ${clean(ctx.io.cwd)}`,
      `name one: \`claude-run ${what.command} <id>\` (\`claude-run list --all\` shows the ids)`,
    );
  }
  const t = await selectTarget(ctx, here, what);
  return t.session!;
}
