/**
 * "Update my checkout": after a merge moved the branch the user has checked out, bring their
 * index and work tree from the old tip to the new one, but only when nothing of theirs is in the
 * way. A two-tree `read-tree -m -u <from> <to>` keeps every local edit in files the merge did
 * not touch; when a touched file has a local edit (staged, unstaged or untracked) that differs
 * from what the merge brought, nothing is changed and the files are named.
 */
import { AppError } from '../../shared/errors';
import type { UpdateCheckoutResult } from '../../shared/schemas/merge';
import { firstLines, git, revParse } from '../git/host-git';
import { worktreesWithBranch } from '../git/import-branch';
import { alreadyMerged } from './checkout-local';

const nul = (s: string) => s.split('\0').filter((f) => f !== '');

/** Touched paths that also have local changes (sorted, unique). */
export function blockingPaths(touched: string[], local: string[]): string[] {
  const mine = new Set(local);
  const hit = new Set<string>();
  for (const t of touched) {
    if (mine.has(t)) hit.add(t);
    // A local file where the change needs a directory, or the other way round.
    for (const l of local) if (l.startsWith(`${t}/`) || t.startsWith(`${l}/`)) hit.add(t);
  }
  return [...hit].sort();
}

/** Paths whose index or work tree differs from `from` (the tip the checkout was at), plus untracked files. */
async function localChanges(worktree: string, from: string): Promise<string[]> {
  // Porcelain diff compares contents where only the stat info is stale (and writes nothing).
  const staged = await git(worktree, [
    'diff',
    '--cached',
    '--no-renames',
    '--name-only',
    '-z',
    from,
    '--',
  ]);
  const unstaged = await git(worktree, ['diff', '--no-renames', '--name-only', '-z', '--']);
  const untracked = await git(worktree, ['ls-files', '--others', '-z', '--']);
  return [...nul(staged.stdout), ...nul(unstaged.stdout), ...nul(untracked.stdout)];
}

export async function updateCheckout(
  folder: string,
  branch: string,
  from: string,
  to: string,
): Promise<UpdateCheckoutResult> {
  const [worktree] = await worktreesWithBranch(folder, branch);
  if (!worktree)
    throw new AppError(
      'checkout-not-found',
      `${branch} is not checked out in any work tree of this repository`,
      'There is nothing to update.',
    );
  const head = await revParse(worktree, 'HEAD');
  const tip = await revParse(folder, `refs/heads/${branch}`);
  if (tip !== to || head !== to)
    throw new AppError(
      'checkout-moved',
      `${branch} is no longer at the merged commit ${to.slice(0, 12)}`,
      'Your checkout or the branch changed since the merge; update it with git yourself.',
    );
  if (from === to) return { updated: true, blockedBy: [] };
  const diff = await git(folder, ['diff', '--name-only', '--no-renames', '-z', from, to, '--']);
  const inWay = blockingPaths(nul(diff.stdout), await localChanges(worktree, from));
  const fine = await alreadyMerged(worktree, from, to, inWay);
  const blockedBy = inWay.filter((p) => !fine.paths.has(p));
  if (blockedBy.length > 0) return { updated: false, blockedBy };
  // Files already as merged: their index entries become the merged ones, the work tree stays.
  if (fine.indexInfo)
    await git(worktree, ['update-index', '-z', '--index-info'], { input: fine.indexInfo });
  // read-tree trusts the index's stat info: refresh it first (contents are unchanged by this).
  await git(worktree, ['update-index', '-q', '--refresh'], { allowFailure: true });
  const r = await git(worktree, ['read-tree', '-m', '-u', from, to], { allowFailure: true });
  if (r.exitCode !== 0)
    throw new AppError(
      'checkout-update-failed',
      `git could not update your checkout: ${firstLines(r.stderr)}`,
      'Nothing was changed; update it with git yourself.',
    );
  return { updated: true, blockedBy: [] };
}
