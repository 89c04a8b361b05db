/**
 * What the review diffs for a selection: the whole session, one commit, a range of commits
 * picked in the newest-first list (from the older one's first parent to the newer one), or the
 * session's starting point (the user's uncommitted edits at start, listed apart from the agent's
 * commits).
 */
import type { CommitList } from '../../../../shared/schemas/commits';

export type DiffTarget =
  | { kind: 'session' }
  | { kind: 'commit'; commit: string }
  | { kind: 'range'; from: string; to: string };

export type Selection =
  { kind: 'session' } | { kind: 'start' } | { kind: 'commits'; from: number; to: number };

/** `start`: the starting-point commit, when the session has one. */
export function targetOf(list: CommitList, sel: Selection, start?: string): DiffTarget | null {
  // It reaches the host with the first import, like the agent's commits.
  if (sel.kind === 'start') return start && list.tip ? { kind: 'commit', commit: start } : null;
  if (sel.kind === 'session' || list.commits.length === 0) {
    return list.tip ? { kind: 'session' } : null;
  }
  const last = list.commits.length - 1;
  const newer = list.commits[Math.min(Math.max(0, Math.min(sel.from, sel.to)), last)]!;
  const older = list.commits[Math.min(Math.max(sel.from, sel.to), last)]!;
  if (newer === older) return { kind: 'commit', commit: newer.hash };
  const from = older.parents[0] ?? list.base;
  return from ? { kind: 'range', from, to: newer.hash } : { kind: 'commit', commit: newer.hash };
}
