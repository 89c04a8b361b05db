/**
 * Checks a new comment's anchor against the user's repository and reads the lines it quotes:
 * the commit exists and is on the session branch, the path is part of the view's diff, and the
 * lines exist on the side they were written on (old side: the view's `from`, else the commit's
 * parent; new side: the commit).
 */
import { AppError } from '../../shared/errors';
import type { ReviewAnchor } from '../../shared/schemas/review';
import { changedPaths, commitExists, fileLines, isAncestor, viewBase } from './git-read';

export const QUOTE_MAX_LINES = 50;
export const QUOTE_MAX_BYTES = 10 * 1024;

const invalid = (message: string, hint: string) =>
  new AppError('review-anchor-invalid', message, hint);
const notInDiff = (message: string) =>
  new AppError(
    'review-anchor-not-in-diff',
    message,
    'comment on a file and lines shown in the diff you are reviewing',
  );

/** The quoted lines of a valid anchor ([] for file and session comments). */
export async function checkAnchor(
  repo: string,
  branch: string,
  anchor: ReviewAnchor,
): Promise<string[]> {
  if (anchor.kind === 'session') return [];
  const ref = `refs/heads/${branch}`;
  const short = anchor.commit.slice(0, 12);
  if (!(await commitExists(repo, anchor.commit))) {
    throw invalid(
      `commit ${short} is not in the repository`,
      'reload the review; the branch may have been rewritten',
    );
  }
  if (!(await isAncestor(repo, anchor.commit, ref))) {
    throw invalid(
      `commit ${short} is not on the session branch ${branch}`,
      'comment on a commit of this session',
    );
  }
  const from = anchor.kind === 'line' ? anchor.from : null;
  if (from && !(await isAncestor(repo, from, ref))) {
    throw invalid(
      `the view's base ${from.slice(0, 12)} is not on the session branch`,
      'comment on a view of this session',
    );
  }
  const base = await viewBase(repo, anchor.commit, from);
  const changed = await changedPaths(repo, base, anchor.commit);
  const oldPath = anchor.kind === 'line' ? (anchor.oldPath ?? anchor.path) : anchor.path;
  const inDiff = changed.some((c) => c.newPath === anchor.path || c.oldPath === oldPath);
  if (!inDiff) throw notInDiff(`${anchor.path} is not changed in the diff at ${short}`);
  if (anchor.kind === 'file') return [];

  const old = anchor.side === 'old';
  const lines = await fileLines(repo, old ? base : anchor.commit, old ? oldPath : anchor.path);
  const where = `${old ? 'before' : 'at'} ${short}`;
  if (lines === null) throw notInDiff(`${old ? oldPath : anchor.path} has no lines ${where}`);
  if (anchor.endLine > lines.length) {
    throw notInDiff(
      `line ${anchor.endLine} is past the end of ${old ? oldPath : anchor.path} ${where} (${lines.length} lines)`,
    );
  }
  return capQuote(lines.slice(anchor.startLine - 1, anchor.endLine));
}

/** At most QUOTE_MAX_LINES lines and QUOTE_MAX_BYTES bytes; a last line says what was cut. */
export function capQuote(lines: string[]): string[] {
  const out: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line) + 1;
    if (out.length >= QUOTE_MAX_LINES || bytes + size > QUOTE_MAX_BYTES) {
      out.push(`… (${lines.length - out.length} more line(s) not quoted)`);
      break;
    }
    out.push(line);
    bytes += size;
  }
  return out;
}
