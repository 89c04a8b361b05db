/**
 * The review's "viewed" checkmarks, kept in the session's review file (store.ts) so every
 * window and process sees the same marks: scope (a commit, a range, the whole session) →
 * path → the file's change as listed when it was marked (the renderer compares it, so a file
 * changed since shows as not viewed again). Pure functions over the stored document.
 */
import type { ReviewDoc } from './store';

/** Scopes kept per session; the least recently changed are dropped beyond this. */
export const MAX_VIEWED_SCOPES = 200;

export type ScopeMarks = Record<string, string>;

/** The marks of one scope (an empty object when none). */
export function viewedIn(doc: ReviewDoc, scope: string): ScopeMarks {
  return doc.viewed?.[scope] ?? {};
}

/**
 * `doc` with `changes` applied to `scope` (a fingerprint marks, null unmarks); the scope becomes
 * the most recent, the oldest beyond MAX_VIEWED_SCOPES go. Null when nothing changes.
 */
export function withViewed(
  doc: ReviewDoc,
  scope: string,
  changes: Record<string, string | null>,
): ReviewDoc | null {
  const before = viewedIn(doc, scope);
  const marks: ScopeMarks = { ...before };
  for (const [path, fp] of Object.entries(changes)) {
    if (fp === null) delete marks[path];
    else marks[path] = fp;
  }
  if (sameMarks(before, marks)) return null;
  // Insertion order is recency: the scope just changed goes last.
  const viewed = { ...doc.viewed };
  delete viewed[scope];
  if (Object.keys(marks).length) viewed[scope] = marks;
  const scopes = Object.keys(viewed);
  for (const s of scopes.slice(0, Math.max(0, scopes.length - MAX_VIEWED_SCOPES))) delete viewed[s];
  return { ...doc, viewed };
}

/** The scopes whose marks differ between two versions of a session's marks. */
export function changedScopes(
  before: ReviewDoc['viewed'] | undefined,
  after: ReviewDoc['viewed'] | undefined,
): string[] {
  const scopes = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...scopes].filter((s) => !sameMarks(before?.[s] ?? {}, after?.[s] ?? {}));
}

function sameMarks(a: ScopeMarks, b: ScopeMarks): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}
