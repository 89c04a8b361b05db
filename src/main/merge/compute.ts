/**
 * What merging a session tip into a target tip gives, for each method, computed with plumbing
 * only: the new target tip (a fast-forward, a merge commit, a squash commit or a replayed
 * branch) or the files that conflict. Nothing here moves a ref.
 */
import type { MergeMethod } from '../../shared/schemas/merge';
import { git, isAncestor } from '../git/host-git';
import { parseCommitTexts, squashMessage } from './messages';
import { commitTree, type Identity, mergeTree, treeOf } from './plumbing';
import { replayOnto } from './replay';

export interface MergeInputs {
  folder: string;
  sessionBranch: string;
  sessionTip: string;
  into: string;
  intoTip: string;
}

export interface Relation {
  alreadyMerged: boolean;
  /** The target is an ancestor of the session tip (and not the same commit). */
  canFastForward: boolean;
}

export async function relation(m: MergeInputs): Promise<Relation> {
  const alreadyMerged = await isAncestor(m.folder, m.sessionTip, m.intoTip);
  const canFastForward = !alreadyMerged && (await isAncestor(m.folder, m.intoTip, m.sessionTip));
  return { alreadyMerged, canFastForward };
}

/** The prefilled squash message: the session's commits not on the target, oldest first. */
export async function defaultSquashMessage(m: MergeInputs): Promise<string> {
  const r = await git(m.folder, [
    'log',
    '--reverse',
    '--no-merges',
    '--format=%s%x00%b%x00',
    `${m.intoTip}..${m.sessionTip}`,
    '--',
  ]);
  return squashMessage(m.sessionBranch, parseCommitTexts(r.stdout));
}

export type Outcome =
  { ok: true; newTip: string; fastForward: boolean } | { ok: false; conflicts: string[] };

/**
 * The target's new tip for `method`. `message` is the merge or squash commit message; `who`
 * the user (committer, and author of the merge / squash commit).
 */
export async function computeMerge(
  m: MergeInputs,
  method: MergeMethod,
  message: string,
  who: Identity,
  rel?: Relation,
): Promise<Outcome> {
  const { alreadyMerged, canFastForward } = rel ?? (await relation(m));
  if (alreadyMerged) return { ok: true, newTip: m.intoTip, fastForward: false };
  if (method === 'squash') {
    const tree = canFastForward
      ? await treeOf(m.folder, m.sessionTip)
      : await cleanTree(m.folder, m.intoTip, m.sessionTip);
    if (typeof tree !== 'string') return tree;
    if (tree === (await treeOf(m.folder, m.intoTip)))
      return { ok: true, newTip: m.intoTip, fastForward: false };
    const c = await commitTree(m.folder, tree, [m.intoTip], message, who);
    return { ok: true, newTip: c, fastForward: false };
  }
  if (canFastForward) return { ok: true, newTip: m.sessionTip, fastForward: true };
  if (method === 'merge') {
    const tree = await cleanTree(m.folder, m.intoTip, m.sessionTip);
    if (typeof tree !== 'string') return tree;
    const c = await commitTree(m.folder, tree, [m.intoTip, m.sessionTip], message, who);
    return { ok: true, newTip: c, fastForward: false };
  }
  const replay = await replayOnto(m.folder, m.intoTip, m.sessionTip, who);
  if (!replay.ok) return { ok: false, conflicts: replay.conflicts };
  return { ok: true, newTip: replay.tip, fastForward: false };
}

async function cleanTree(
  folder: string,
  ours: string,
  theirs: string,
): Promise<string | { ok: false; conflicts: string[] }> {
  const r = await mergeTree(folder, ours, theirs);
  return r.conflicts.length > 0 ? { ok: false, conflicts: r.conflicts } : r.tree;
}
