/**
 * Host side of an import: fetch ONE branch from a bundle file into a temp ref of the user's
 * repository (with fsck of every object, hooks off), check what arrived, then move the session
 * branch with a compare-and-swap update-ref. Only these refs are ever written:
 *   refs/claude-code-runner/incoming/<session>   (temp, deleted once the branch moved)
 *   refs/heads/<session branch>
 *   refs/claude-code-runner/backup/<branch>/<n>  (old tip of an accepted rewrite)
 * The user's HEAD, index and working tree are never touched: if the session branch is checked
 * out in any worktree, the update is refused.
 */
import { AppError } from '../../shared/errors';
import { firstLines, git, GIT_IDLE_MS, isAncestor, revParse } from './host-git';
import { unbundleBranch } from './unbundle';

export const REF_NS = 'refs/claude-code-runner';
export const incomingRef = (sessionId: string) => `${REF_NS}/incoming/${sessionId}`;
export const backupPrefix = (branch: string) => `${REF_NS}/backup/${branch}/`;
/** The tip we last pushed, per remote: the lease for a rewritten branch. */
export const pushedRef = (remote: string, branch: string) => `${REF_NS}/pushed/${remote}/${branch}`;

/** Takes the session branch's objects out of the bundle (checked object by object, in a quarantine); returns its tip. */
export async function fetchBundle(
  folder: string,
  bundlePath: string,
  branch: string,
  trusted: string[],
): Promise<string> {
  const tip = await unbundleBranch(folder, bundlePath, branch, trusted);
  const type = (await git(folder, ['cat-file', '-t', tip], { allowFailure: true })).stdout.trim();
  if (type !== 'commit')
    throw new AppError('import-failed', 'the container sent a branch that is not a commit');
  return tip;
}

/**
 * Whether a ref of the user's repo (theirs, or one the runner set after checking) reaches the
 * commit. Only then may an import skip the transfer: a commit that merely exists in the store
 * (an older failed import, a dropped stash) was never checked.
 */
export async function reachableFromRefs(folder: string, commit: string): Promise<boolean> {
  if (!/^[0-9a-f]{40,64}$/.test(commit)) return false;
  const r = await git(folder, ['rev-list', '--max-count=1', commit, '--not', '--all', '--'], {
    allowFailure: true,
  });
  return r.exitCode === 0 && r.stdout.trim() === '';
}

/** Worktrees (main one included) that have `branch` checked out. */
export async function worktreesWithBranch(folder: string, branch: string): Promise<string[]> {
  const r = await git(folder, ['worktree', 'list', '--porcelain', '-z'], { allowFailure: true });
  const found: string[] = [];
  let current = '';
  for (const field of r.stdout.split('\0')) {
    if (field.startsWith('worktree ')) current = field.slice('worktree '.length);
    else if (field === `branch refs/heads/${branch}`) found.push(current);
  }
  return found;
}

export async function assertNotCheckedOut(folder: string, branch: string): Promise<void> {
  const where = await worktreesWithBranch(folder, branch);
  if (where.length > 0) {
    throw new AppError(
      'branch-checked-out',
      `${branch} is checked out in ${where[0]}; the runner does not move a checked-out branch`,
      'Switch that worktree to another branch; the new commits are imported right after.',
    );
  }
}

/** Compare-and-swap: moves refs/heads/<branch> from `oldTip` (null: must not exist) to `newTip`. */
export async function moveBranch(
  folder: string,
  branch: string,
  newTip: string,
  oldTip: string | null,
  reason: string,
): Promise<void> {
  await assertNotCheckedOut(folder, branch);
  const r = await git(
    folder,
    [
      'update-ref',
      '-m',
      `claude-code-runner: ${reason}`,
      '--',
      `refs/heads/${branch}`,
      newTip,
      oldTip ?? '',
    ],
    { allowFailure: true },
  );
  if (r.exitCode !== 0) {
    throw new AppError(
      'branch-moved',
      `${branch} changed on the host while importing: ${firstLines(r.stderr)}`,
      'The import is retried with the current state.',
    );
  }
}

export async function deleteRef(folder: string, ref: string): Promise<void> {
  await git(folder, ['update-ref', '-d', '--', ref], { allowFailure: true });
}

export async function setRef(folder: string, ref: string, tip: string): Promise<void> {
  await git(folder, ['update-ref', '-m', 'claude-code-runner', '--', ref, tip]);
}

/** Commits in `to` not in `from` (null: all of `to`'s history down to `stop`), oldest first. */
export async function newCommits(
  folder: string,
  to: string,
  from: string | null,
  limit = 10_000,
): Promise<string[]> {
  const args = ['rev-list', '--progress=Listing commits', '--reverse', `--max-count=${limit}`, to];
  if (from) args.push(`^${from}`);
  // The agent decides how long this history is: limited by progress, not by a total time.
  const r = await git(folder, [...args, '--'], { idleMs: GIT_IDLE_MS });
  return r.stdout.split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l));
}

export type ImportOutcome =
  | { kind: 'unchanged'; tip: string }
  | { kind: 'fast-forward'; tip: string; previousTip: string | null; commits: string[] }
  | { kind: 'rewrite'; oldTip: string; newTip: string; dropped: string[] };

/** After fetchBundle: fast-forward the session branch, or report a rewrite without moving it. */
export async function applyIncoming(
  folder: string,
  branch: string,
  sessionId: string,
  fetched: string,
): Promise<ImportOutcome> {
  const current = await revParse(folder, `refs/heads/${branch}`);
  if (current === fetched) {
    await deleteRef(folder, incomingRef(sessionId));
    return { kind: 'unchanged', tip: fetched };
  }
  if (current === null || (await isAncestor(folder, current, fetched))) {
    const commits = await newCommits(folder, fetched, current);
    try {
      await moveBranch(folder, branch, fetched, current, 'import');
    } catch (e) {
      // Held under the incoming ref: the retry knows these objects passed the checks.
      await setRef(folder, incomingRef(sessionId), fetched);
      throw e;
    }
    await deleteRef(folder, incomingRef(sessionId));
    return { kind: 'fast-forward', tip: fetched, previousTip: current, commits };
  }
  // Kept under the incoming ref (objects stay reachable) until the user decides (acceptRewrite).
  await setRef(folder, incomingRef(sessionId), fetched);
  const dropped = (await newCommits(folder, current, fetched, 1000)).reverse();
  return { kind: 'rewrite', oldTip: current, newTip: fetched, dropped };
}

/** The user agreed: keep the old tip under a numbered backup ref, then move the branch. */
export async function acceptRewriteOnHost(
  folder: string,
  branch: string,
  sessionId: string,
  expectedNewTip: string,
): Promise<{ tip: string; backupRef: string }> {
  const fetched = await revParse(folder, incomingRef(sessionId));
  if (fetched !== expectedNewTip) {
    throw new AppError(
      'rewrite-changed',
      'the rewritten branch changed since it was shown',
      'Review the new state and accept again.',
    );
  }
  const old = await revParse(folder, `refs/heads/${branch}`);
  if (old === null) throw new AppError('rewrite-changed', `${branch} no longer exists on the host`);
  await assertNotCheckedOut(folder, branch);
  const list = await git(folder, [
    'for-each-ref',
    '--format=%(refname)',
    '--',
    backupPrefix(branch),
  ]);
  let n = 1;
  for (const ref of list.stdout.split('\n')) {
    const m = /\/(\d+)$/.exec(ref);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  const backupRef = `${backupPrefix(branch)}${n}`;
  await git(folder, [
    'update-ref',
    '-m',
    'claude-code-runner: backup before rewrite',
    '--',
    backupRef,
    old,
    '',
  ]);
  await moveBranch(folder, branch, fetched, old, 'accept rewrite');
  await deleteRef(folder, incomingRef(sessionId));
  return { tip: fetched, backupRef };
}
