/**
 * Rebase without a work tree: each session commit C (parent P) is replayed onto the current
 * tip O as a three-way merge with base P, the same merge `git cherry-pick` makes. git 2.39's
 * merge-tree has no --merge-base, so the base is given by construction: a throwaway commit O'
 * with O's tree and P as its only parent makes P the merge base of O' and C, and
 * `merge-tree --write-tree O' C` is exactly the cherry-pick. Nothing but unreferenced objects is
 * written (no index, no work tree, no temp worktree to clean up); git gc drops them later.
 *
 * Like `git rebase`: merge commits are left out, commits whose change is already on the target
 * (same patch id) are skipped, and commits that become empty are dropped. Authors and dates are
 * kept; the user is the committer.
 */
import { AppError } from '../../shared/errors';
import { git } from '../git/host-git';
import { commitTree, type AuthorOf, type Identity, mergeTree, treeOf } from './plumbing';

export type ReplayResult =
  { ok: true; tip: string; replayed: number } | { ok: false; conflicts: string[]; at: string };

/** The commits of `tip` not on `onto`, oldest first, without merges and already-applied ones. */
export async function commitsToReplay(
  folder: string,
  onto: string,
  tip: string,
): Promise<string[]> {
  const r = await git(folder, [
    'rev-list',
    '--reverse',
    '--no-merges',
    '--cherry-pick',
    '--right-only',
    `${onto}...${tip}`,
    '--',
  ]);
  return r.stdout.split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l));
}

interface RawCommit {
  parent: string | null;
  author: AuthorOf;
  message: string;
}

/** Reads a commit object: first parent, author (name, email, raw date) and message. */
export async function readCommit(folder: string, commit: string): Promise<RawCommit> {
  const r = await git(folder, ['cat-file', 'commit', commit]);
  const cut = r.stdout.indexOf('\n\n');
  const header = cut < 0 ? r.stdout : r.stdout.slice(0, cut);
  const message = cut < 0 ? '' : r.stdout.slice(cut + 2);
  let parent: string | null = null;
  let author: AuthorOf | null = null;
  for (const line of header.split('\n')) {
    if (line.startsWith('parent ') && parent === null) parent = line.slice(7).trim();
    const m = /^author (.*) <([^>]*)> (\d+ [+-]\d{4})$/.exec(line);
    if (m) author = { name: m[1]!, email: m[2]!, date: `@${m[3]!}` };
  }
  if (!author) throw new AppError('git-failed', `commit ${commit.slice(0, 12)} has no author`);
  return { parent, author, message };
}

export async function replayOnto(
  folder: string,
  onto: string,
  tip: string,
  who: Identity,
  /** A preview: nothing it makes is kept, so nothing is signed. */
  throwaway = false,
): Promise<ReplayResult> {
  const commits = await commitsToReplay(folder, onto, tip);
  let current = onto;
  let currentTree = await treeOf(folder, onto);
  let replayed = 0;
  for (const c of commits) {
    const raw = await readCommit(folder, c);
    if (!raw.parent)
      throw new AppError(
        'merge-failed',
        'the session branch has a root commit; it cannot be rebased',
      );
    // O': the current tree on top of C's parent, so that C's parent is the merge base.
    const stand = await commitTree(folder, currentTree, [raw.parent], 'ccr: rebase base', who, {
      throwaway: true,
    });
    const merged = await mergeTree(folder, stand, c);
    if (merged.conflicts.length > 0) return { ok: false, conflicts: merged.conflicts, at: c };
    if (merged.tree === currentTree) continue; // became empty: its change is already there
    current = await commitTree(folder, merged.tree, [current], raw.message, who, {
      author: raw.author,
      throwaway,
    });
    currentTree = merged.tree;
    replayed++;
  }
  return { ok: true, tip: current, replayed };
}
