import { api } from '../../api-context';

/**
 * The range a review of the whole session compares: from the session's start to its tip, as
 * the host lists them now (a commit view or a picked range already has its own).
 */
export async function wholeSessionRange(sessionId: string): Promise<{ from: string; to: string }> {
  const l = await api().listCommits({ sessionId });
  if (!l.base || !l.tip) throw new Error('nothing to compare yet');
  return { from: l.base, to: l.tip };
}
