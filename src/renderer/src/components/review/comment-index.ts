/**
 * Which comments belong under which diff line, and the small text helpers the comment UI shares.
 * Pure, so the rules (a comment shows at its own commit's lines, or at its followed `current`
 * lines in the view of the branch tip) are unit-tested without a browser.
 */
import { neutraliseLine } from '../../../../shared/neutralise';
import type { DiffSide, ReviewAnchor, ReviewComment } from '../../../../shared/schemas/review';

/** The diff a DiffView shows, as far as anchoring needs it. */
export interface ReviewView {
  /** The view's newer commit (the anchor's `commit`). */
  to: string;
  /** The view's base; null: the commit's first parent. */
  from: string | null;
  /** The branch tip, where a comment's `current` lines are. */
  tip: string | null;
  /** The file's path (new side) and, when renamed, its old path. */
  path: string;
  oldPath?: string;
}

export interface LineRange {
  side: DiffSide;
  start: number;
  end: number;
}

export function lineKey(path: string, side: DiffSide, line: number): string {
  return `${path}\0${side}\0${line}`;
}

/** Where a line comment's lines are in this view, or null when the view does not show them. */
export function linesInView(c: ReviewComment, view: ReviewView): LineRange | null {
  const a = c.anchor;
  if (a.kind !== 'line') return null;
  const path = a.side === 'old' ? (a.oldPath ?? a.path) : a.path;
  const viewPath = a.side === 'old' ? (view.oldPath ?? view.path) : view.path;
  if (a.commit === view.to) {
    if (path !== viewPath) return null;
    return { side: a.side, start: a.startLine, end: a.endLine };
  }
  // Later views: the lines were followed to the tip (new side only: old lines are not there).
  if (view.to === view.tip && a.side === 'new' && c.current && !c.outdated && a.path === view.path)
    return { side: 'new', start: c.current.startLine, end: c.current.endLine };
  return null;
}

/**
 * Comments by the line they are drawn under (their last line), keyed by path + side + line, so
 * a row finds its comments without scanning the list.
 */
export function indexComments(
  comments: readonly ReviewComment[],
  view: ReviewView,
): Map<string, ReviewComment[]> {
  const index = new Map<string, ReviewComment[]>();
  for (const c of comments) {
    const r = linesInView(c, view);
    if (!r) continue;
    const key = lineKey(view.path, r.side, r.end);
    const list = index.get(key);
    if (list) list.push(c);
    else index.set(key, [c]);
  }
  return index;
}

/** File comments shown in this file's header. */
export function fileComments(comments: readonly ReviewComment[], path: string): ReviewComment[] {
  return comments.filter((c) => c.anchor.kind === 'file' && c.anchor.path === path);
}

/** A line anchor for the lines the user picked in this view. */
export function lineAnchor(view: ReviewView, r: LineRange): ReviewAnchor {
  return {
    kind: 'line',
    path: view.path,
    ...(view.oldPath && view.oldPath !== view.path ? { oldPath: view.oldPath } : {}),
    side: r.side,
    startLine: Math.min(r.start, r.end),
    endLine: Math.max(r.start, r.end),
    commit: view.to,
    from: view.from,
  };
}

export function short(hash: string): string {
  return hash.slice(0, 8);
}

/**
 * `src/a.ts:12` or `src/a.ts:12-14 (old)`, the file, or "Whole session", for display: the path
 * is repo text, so its controls (bidi overrides and the like) are made visible.
 */
export function anchorLabel(a: ReviewAnchor): string {
  if (a.kind === 'session') return 'Whole session';
  if (a.kind === 'file') return `${neutraliseLine(a.path)} (file)`;
  const lines = a.startLine === a.endLine ? `${a.startLine}` : `${a.startLine}-${a.endLine}`;
  const path = a.side === 'old' ? (a.oldPath ?? a.path) : a.path;
  return `${neutraliseLine(path)}:${lines}${a.side === 'old' ? ' (old)' : ''}`;
}

/** The commit a comment was written on, if any. */
export function anchorCommit(a: ReviewAnchor): string | null {
  return a.kind === 'session' ? null : a.commit;
}

export function inRange(r: LineRange | null, side: DiffSide, line: number | null): boolean {
  if (!r || line === null || r.side !== side) return false;
  return line >= Math.min(r.start, r.end) && line <= Math.max(r.start, r.end);
}
