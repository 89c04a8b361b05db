/**
 * The git plumbing that merging home is built from, run in the user's repository with their own
 * git: a merge computed as a tree (merge-tree, no work tree), commits made from trees
 * (commit-tree, as the user), and a branch moved with compare-and-swap (update-ref with the old
 * value). None of it reads or writes the user's index, work tree or HEAD.
 */
import { AppError } from '../../shared/errors';
import { firstLines, git } from '../git/host-git';

export interface Identity {
  name: string;
  email: string;
  /** The user's commit.gpgSign: commits that land are signed (commit-tree ignores the setting). */
  sign?: boolean;
}

/** What `merge-tree --write-tree --name-only --no-messages -z` printed, read. */
export function parseMergeTree(
  stdout: string,
  exitCode: number,
): { tree: string; conflicts: string[] } {
  if (exitCode !== 0 && exitCode !== 1)
    throw new AppError('git-failed', `git merge-tree failed (exit ${exitCode})`);
  const fields = stdout.split('\0');
  const tree = fields[0]?.trim() ?? '';
  if (!/^[0-9a-f]{40,64}$/.test(tree))
    throw new AppError('git-failed', 'git merge-tree did not print a tree');
  const conflicts = exitCode === 1 ? [...new Set(fields.slice(1).filter((f) => f !== ''))] : [];
  return { tree, conflicts };
}

/** The merge of two commits (merge base found by git) as a tree, or the conflicting files. */
export async function mergeTree(
  folder: string,
  ours: string,
  theirs: string,
): Promise<{ tree: string; conflicts: string[] }> {
  const r = await git(
    folder,
    ['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', ours, theirs],
    { allowFailure: true },
  );
  if (r.exitCode !== 0 && r.exitCode !== 1)
    throw new AppError('git-failed', `git merge-tree failed: ${firstLines(r.stderr)}`);
  return parseMergeTree(r.stdout, r.exitCode);
}

/** The user's name and email from their repository's config (local, global or system). */
export async function userIdentity(folder: string): Promise<Identity> {
  const get = async (key: string) =>
    (await git(folder, ['config', '--get', key], { allowFailure: true })).stdout.trim();
  const name = await get('user.name');
  const email = await get('user.email');
  if (!name || !email)
    throw new AppError(
      'git-identity-missing',
      'git does not know who you are in this repository (user.name / user.email)',
      'Set them with: git config --global user.name "…" and git config --global user.email "…".',
    );
  const sign = (await get('commit.gpgSign')).toLowerCase();
  return { name, email, sign: ['true', 'yes', 'on', '1'].includes(sign) };
}

export interface AuthorOf {
  name: string;
  email: string;
  /** git's raw date ("<epoch> <tz>"). */
  date: string;
}

/**
 * A commit from a tree, committed (and, unless `author` is given, authored) by `who`, signed when
 * the user signs their commits. `throwaway` ones (a rebase's stand-in bases, a preview) are
 * never signed, so no signing prompt appears for them.
 */
export async function commitTree(
  folder: string,
  tree: string,
  parents: string[],
  message: string,
  who: Identity,
  opts: { author?: AuthorOf; throwaway?: boolean } = {},
): Promise<string> {
  const author = opts.author;
  const env: NodeJS.ProcessEnv = {
    GIT_COMMITTER_NAME: who.name,
    GIT_COMMITTER_EMAIL: who.email,
    GIT_AUTHOR_NAME: author?.name ?? who.name,
    GIT_AUTHOR_EMAIL: author?.email ?? who.email,
  };
  if (author) env.GIT_AUTHOR_DATE = author.date;
  const args = ['commit-tree', who.sign && !opts.throwaway ? '-S' : '--no-gpg-sign', tree];
  for (const p of parents) args.push('-p', p);
  // The message on stdin: any text, never parsed as an option.
  const r = await git(folder, args, {
    env,
    input: message.endsWith('\n') ? message : `${message}\n`,
  });
  const oid = r.stdout.trim();
  if (!/^[0-9a-f]{40,64}$/.test(oid))
    throw new AppError('git-failed', 'git commit-tree did not print a commit');
  return oid;
}

/** The tree of a commit. */
export async function treeOf(folder: string, commit: string): Promise<string> {
  const r = await git(folder, ['rev-parse', '--verify', '--end-of-options', `${commit}^{tree}`]);
  return r.stdout.trim();
}

/**
 * Moves refs/heads/<branch> from `oldTip` to `newTip` only if it is still at `oldTip`. Returns
 * false (and changes nothing) when the branch moved meanwhile.
 */
export async function casUpdateBranch(
  folder: string,
  branch: string,
  newTip: string,
  oldTip: string,
  reason: string,
): Promise<boolean> {
  const r = await git(
    folder,
    ['update-ref', '-m', reason, '--', `refs/heads/${branch}`, newTip, oldTip],
    { allowFailure: true },
  );
  return r.exitCode === 0;
}

/** Deletes refs/heads/<branch> only if it is still at `tip`. */
export async function casDeleteBranch(
  folder: string,
  branch: string,
  tip: string,
  reason: string,
): Promise<boolean> {
  const r = await git(
    folder,
    ['update-ref', '-m', reason, '-d', '--', `refs/heads/${branch}`, tip],
    { allowFailure: true },
  );
  return r.exitCode === 0;
}

/** Checks a local branch name the way git does; throws a clear error otherwise. */
export async function assertBranchName(folder: string, branch: string): Promise<void> {
  const r = await git(folder, ['check-ref-format', `refs/heads/${branch}`], {
    allowFailure: true,
  });
  if (r.exitCode !== 0 || branch.startsWith('-'))
    throw new AppError('invalid-branch', `"${branch}" is not a valid branch name`);
}

/** The branch checked out in the main work tree, or null on a detached HEAD. */
export async function currentBranch(folder: string): Promise<string | null> {
  const r = await git(folder, ['symbolic-ref', '--quiet', 'HEAD'], { allowFailure: true });
  const ref = r.stdout.trim();
  return r.exitCode === 0 && ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
}

/** Local branch names. */
export async function localBranches(folder: string): Promise<string[]> {
  const r = await git(folder, ['for-each-ref', '--format=%(refname)', 'refs/heads/']);
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('refs/heads/'))
    .map((l) => l.slice('refs/heads/'.length));
}

/** [behind, ahead] of `tip` against `base` (commits only on base, commits only on tip). */
export async function aheadBehind(
  folder: string,
  base: string,
  tip: string,
): Promise<{ ahead: number; behind: number }> {
  const r = await git(folder, ['rev-list', '--left-right', '--count', `${base}...${tip}`, '--']);
  const [behind, ahead] = r.stdout.trim().split(/\s+/).map(Number);
  return { ahead: ahead ?? 0, behind: behind ?? 0 };
}
