/**
 * Follows a line comment from the commit it was written on to the branch tip, one commit at a
 * time along the first-parent chain, through each commit's diff (not by line number alone):
 * lines that only moved get their new numbers in `current`; the first commit whose diff touches
 * them is `changedIn` (and `current` keeps a best position); lines (or the file) removed make the
 * comment `outdated`. Comments are never dropped.
 *
 * Old-side comments (lines of the view's base) are first mapped into the view's commit: lines
 * that survive there unchanged (a context line) are followed like new-side ones; lines the view
 * itself removed or edited (the usual old-side comment) have nothing at the tip to point at, so
 * they keep their anchor with no `current`, no `changedIn`, and are not outdated.
 */
import type { ReviewComment } from '../../shared/schemas/review';
import { changedPaths, hunks, isAncestor, viewBase, type ChangedPath, type Hunk } from './git-read';
import { git } from '../git/host-git';

export interface Lines {
  startLine: number;
  endLine: number;
}

export interface MappedLines extends Lines {
  changed: boolean;
  /** Every line of the range was removed and nothing was written in its place. */
  deleted: boolean;
}

/** Maps an old-side line range through one diff's hunks (as `git diff -U0` prints them). */
export function mapLines(range: Lines, diff: readonly Hunk[]): MappedLines {
  const { startLine: s, endLine: e } = range;
  let shift = 0;
  let grow = 0;
  let removed = 0;
  let added = 0;
  let changed = false;
  for (const h of diff) {
    if (h.oldCount === 0) {
      // Lines added after line oldStart.
      if (h.oldStart < s) shift += h.newCount;
      else if (h.oldStart < e) {
        changed = true;
        grow += h.newCount;
        added += h.newCount;
      }
      continue;
    }
    const oldEnd = h.oldStart + h.oldCount - 1;
    if (oldEnd < s) {
      shift += h.newCount - h.oldCount;
      continue;
    }
    if (h.oldStart > e) continue;
    changed = true;
    const before = Math.max(0, Math.min(oldEnd, s - 1) - h.oldStart + 1);
    const inside = Math.min(oldEnd, e) - Math.max(h.oldStart, s) + 1;
    shift -= before;
    grow += h.newCount - inside;
    removed += inside;
    added += h.newCount;
  }
  const startLine = Math.max(1, s + shift);
  const endLine = Math.max(startLine, e + shift + grow);
  return { startLine, endLine, changed, deleted: removed === e - s + 1 && added === 0 };
}

export interface Followed {
  current?: Lines;
  changedIn?: string;
  outdated: boolean;
}

type StepCache = Map<string, Promise<ChangedPath[]>>;

/** The commits from `commit` to `tip` as steps [before, after]; one step when history was rewritten. */
async function steps(repo: string, commit: string, tip: string): Promise<[string, string][]> {
  if (commit === tip) return [];
  if (!(await isAncestor(repo, commit, tip))) return [[commit, tip]];
  const r = await git(repo, ['rev-list', '--first-parent', '--reverse', `${commit}..${tip}`, '--']);
  const list = r.stdout.split('\n').filter(Boolean);
  const out: [string, string][] = [];
  let prev = commit;
  for (const c of list) {
    out.push([prev, c]);
    prev = c;
  }
  return out;
}

/** Follows lines of `path` as they are at `commit` to `tip`. */
export async function followLines(
  repo: string,
  start: { path: string; lines: Lines; commit: string },
  tip: string,
  cache: StepCache = new Map(),
): Promise<Followed> {
  let path = start.path;
  let lines = start.lines;
  let changedIn: string | undefined;
  for (const [a, b] of await steps(repo, start.commit, tip)) {
    const key = `${a}..${b}`;
    let paths = cache.get(key);
    if (!paths) cache.set(key, (paths = changedPaths(repo, a, b)));
    const entry = (await paths).find((p) => p.oldPath === path);
    if (!entry || entry.status === 'C') continue;
    if (entry.status === 'D') return { outdated: true, changedIn: changedIn ?? b };
    const diff = await hunks(repo, a, b, entry.newPath === path ? [path] : [path, entry.newPath]);
    const mapped = mapLines(lines, diff);
    path = entry.newPath;
    if (mapped.deleted) return { outdated: true, changedIn: changedIn ?? b };
    if (mapped.changed) changedIn ??= b;
    lines = { startLine: mapped.startLine, endLine: mapped.endLine };
  }
  return { current: lines, outdated: false, ...(changedIn ? { changedIn } : {}) };
}

/** A line comment's place at `tip` (file and session comments are returned as they are). */
export async function reanchor(
  repo: string,
  comment: ReviewComment,
  tip: string,
  cache: StepCache = new Map(),
): Promise<ReviewComment> {
  const a = comment.anchor;
  if (a.kind !== 'line') return comment;
  const { current: _c, changedIn: _ch, ...rest } = comment;
  let start = {
    path: a.path,
    lines: { startLine: a.startLine, endLine: a.endLine },
    commit: a.commit,
  };
  if (a.side === 'old') {
    const base = await viewBase(repo, a.commit, a.from);
    const oldPath = a.oldPath ?? a.path;
    const entry = (await changedPaths(repo, base, a.commit)).find((p) => p.oldPath === oldPath);
    if (!entry || entry.status === 'D') return { ...rest, outdated: false };
    const mapped = mapLines(
      start.lines,
      await hunks(repo, base, a.commit, [oldPath, entry.newPath]),
    );
    if (mapped.changed) return { ...rest, outdated: false };
    start = { path: entry.newPath, lines: mapped, commit: a.commit };
  }
  const f = await followLines(repo, start, tip, cache);
  return {
    ...rest,
    outdated: f.outdated,
    ...(f.current
      ? { current: { startLine: f.current.startLine, endLine: f.current.endLine } }
      : {}),
    ...(f.changedIn ? { changedIn: f.changedIn } : {}),
  };
}
