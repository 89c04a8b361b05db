/**
 * The session's explicit starting point: the user's uncommitted edits that came with the
 * snapshot become one commit "Uncommitted changes at session start" on the session branch,
 * authored as the user, made inside the container before the agent starts. The import carries
 * it to the host by bundle, so its hash is the same on both sides; the session's baseCommit is
 * that commit, which keeps the user's edits out of the agent's commits in the review.
 */
import { userInfo } from 'node:os';
import { AppError } from '../../shared/errors';
import type { Engine } from '../engine/types';
import { git } from '../git/host-git';
import type { SnapshotPlan } from '../git/snapshot';
import { filesTar } from '../git/snapshot-tar';
import { startCommit } from '../kit/start-commit';

export interface StartingPoint {
  commit: string;
  userHead: string;
}

export interface Identity {
  name: string;
  email: string;
}

const HASH = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** The identity the user's own `git commit` would use in this repo (config, then env). */
export async function hostIdentity(root: string): Promise<Identity> {
  const r = await git(root, ['var', 'GIT_AUTHOR_IDENT'], { allowFailure: true });
  const m = /^(.*?) <([^>]*)> \d+ [+-]\d{4}$/.exec(r.stdout.trim());
  if (r.exitCode === 0 && m && m[1]!.trim() !== '') return { name: m[1]!, email: m[2]! };
  // No identity configured: still the user's, under their login name.
  let login = 'user';
  try {
    login = userInfo().username || login;
  } catch {
    // no passwd entry: keep the generic name
  }
  return { name: login, email: `${login}@localhost` };
}

/** A gitignore line matching exactly this path from the repo root (null: not expressible). */
export function literalIgnore(path: string): string | null {
  if (path.includes('\n') || path.includes('\r')) return null;
  return `/${path.replace(/[\\*?[\]!# ]/g, '\\$&')}`;
}

/**
 * Files git ignores on the host but includeIgnored copied in (often secrets such as .env) stay
 * ignored in the container even where the repo's .gitignore does not name them (the host's
 * global or .git/info/exclude did), so no `git add -A` of the agent commits them.
 */
export async function keepIgnored(
  engine: Engine,
  containerId: string,
  paths: string[],
  owner: { uid: number; gid: number },
): Promise<void> {
  const lines = paths.map(literalIgnore).filter((l): l is string => l !== null);
  if (lines.length === 0) return;
  const content = `# Ignored on the host, copied in by includeIgnored (Claude Code Runner)\n${lines.join('\n')}\n`;
  await engine.putArchive(
    containerId,
    '/',
    filesTar([
      { path: '/workspace/.git/info', mode: 0o755, ...owner },
      { path: '/workspace/.git/info/exclude', mode: 0o644, content, ...owner },
    ]),
  );
}

/**
 * Commits the uncommitted edits in the container's /workspace (needs workspace-init done).
 * Returns null when the work tree was clean.
 */
export async function commitStartingPoint(
  engine: Engine,
  containerId: string,
  opts: { user: string; untracked: string[]; identity: Identity; userHead: string },
): Promise<StartingPoint | null> {
  const r = await engine.exec(containerId, {
    cmd: [startCommit.path, opts.identity.name, opts.identity.email],
    user: opts.user || undefined,
    workdir: '/workspace',
    stdin: Buffer.from(opts.untracked.map((p) => `${p}\0`).join('')),
  });
  const out = r.stdout.toString('utf8').trim();
  if (r.exitCode !== 0 || (out !== '' && !HASH.test(out))) {
    throw new AppError(
      'workspace-failed',
      `recording your uncommitted changes as the session's starting point failed (exit ${r.exitCode}): ${r.stderr.toString('utf8').trim().slice(0, 500)}`,
      'the container is kept for inspection; the image needs git and xargs',
    );
  }
  return out === '' ? null : { commit: out, userHead: opts.userHead };
}

/** Both steps, after workspace-init and before setup commands and the agent. */
export async function recordStartingPoint(
  engine: Engine,
  containerId: string,
  opts: {
    plan: SnapshotPlan;
    owner: { uid: number; gid: number };
    user: string;
    root: string;
    userHead: string;
  },
): Promise<StartingPoint | null> {
  await keepIgnored(engine, containerId, opts.plan.ignored, opts.owner);
  return commitStartingPoint(engine, containerId, {
    user: opts.user,
    untracked: opts.plan.untracked,
    identity: await hostIdentity(opts.root),
    userHead: opts.userHead,
  });
}
