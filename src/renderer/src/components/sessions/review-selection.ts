/**
 * The review's selection follows its commits when the list changes: the list is newest first,
 * so a new commit shifts every index, and a selection kept by index would jump to another
 * commit (and close the file and the comment being written) each time the agent commits.
 */
import { useState } from 'react';
import type { CommitList } from '../../../../shared/schemas/commits';
import type { Selection } from './review-target';

/** The same commits' indexes in the new list, or null when nothing moved (or they are gone). */
export function followSelection(
  old: CommitList,
  now: CommitList,
  sel: Selection,
): Selection | null {
  if (sel.kind !== 'commits') return null;
  const at = (i: number) => {
    const hash = old.commits[i]?.hash;
    return hash ? now.commits.findIndex((c) => c.hash === hash) : -1;
  };
  const from = at(sel.from);
  const to = at(sel.to);
  if (from < 0 || to < 0 || (from === sel.from && to === sel.to)) return null;
  return { kind: 'commits', from, to };
}

/** Keeps `sel` on the same commits when `list` is replaced (adjusting while rendering). */
export function useSelectionFollowsCommits(
  list: CommitList | undefined,
  sel: Selection,
  setSel: (s: Selection) => void,
): void {
  const [seen, setSeen] = useState(list);
  if (list !== seen) {
    setSeen(list);
    const moved = seen && list ? followSelection(seen, list, sel) : null;
    if (moved) setSel(moved);
  }
}
