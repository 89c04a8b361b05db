/**
 * A commit the user types (a hash prefix of one of the session's commits, its base or tip,
 * `base` / `tip`), resolved against the session's own commit list: nothing the user types
 * reaches git as a revision expression.
 */
import type { Api } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { CommitList } from '../../shared/schemas/commits';
import { clean } from './output';

export function resolveCommit(list: CommitList, rev: string, what: string): string {
  const text = rev.trim().toLowerCase();
  if (text === 'tip' || text === 'head') {
    if (list.tip) return list.tip;
    throw new AppError('no-commits', `${clean(list.branch)} has no commits on the host yet`);
  }
  if (text === 'base') {
    if (list.base) return list.base;
    throw new AppError('no-base', 'the session has no recorded starting commit');
  }
  if (!/^[0-9a-f]{4,64}$/.test(text)) {
    throw new AppError(
      'bad-arguments',
      `${what} "${clean(rev).slice(0, 80)}" is not a commit of this session`,
      'give a hash (at least 4 characters) from `claude-run diff --stat`, the app, or `git log`, or base / tip',
    );
  }
  const known = new Set<string>([
    ...list.commits.map((c) => c.hash),
    ...(list.base ? [list.base] : []),
    ...(list.tip ? [list.tip] : []),
  ]);
  const hits = [...known].filter((h) => h.startsWith(text));
  if (hits.length === 1) return hits[0]!;
  throw new AppError(
    hits.length === 0 ? 'commit-not-found' : 'ambiguous-commit',
    hits.length === 0
      ? `${what} ${text} is not one of the session's commits`
      : `${what} ${text} matches ${hits.length} commits`,
    hits.length === 0
      ? 'the session branch holds the commits after its base'
      : 'give more characters',
  );
}

export async function commitList(api: Api, sessionId: string): Promise<CommitList> {
  return api.listCommits({ sessionId });
}
