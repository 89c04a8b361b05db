/**
 * The words the merge, discard and session-list UI uses, decided without React so they can be
 * tested: how a method is named for a given preview (a fast-forward says so), what a finished
 * merge moved, the session list's git badges, and what a discard loses.
 */
import type {
  MergeMethod,
  MergePreview,
  MergeResult,
  SessionGitState,
} from '../../../../shared/schemas/merge';
import { neutraliseLine } from '../../../../shared/neutralise';

export const short = (hash: string): string => hash.slice(0, 8);

export const METHODS: MergeMethod[] = ['merge', 'squash', 'rebase'];

/** The label of a method choice; merge and rebase become a fast-forward when the target allows it. */
export function methodLabel(method: MergeMethod, fastForward: boolean): string {
  if (method === 'squash') return 'Squash into one commit';
  if (fastForward) return method === 'merge' ? 'Merge (fast-forward)' : 'Rebase (fast-forward)';
  return method === 'merge' ? 'Merge commit' : 'Rebase, then fast-forward';
}

export function aheadBehindText(p: Pick<MergePreview, 'ahead' | 'behind' | 'into'>): string {
  const into = neutraliseLine(p.into);
  const commits = (n: number) => `${n} commit${n === 1 ? '' : 's'}`;
  const parts = [`${commits(p.ahead)} to bring into ${into}`];
  if (p.behind > 0) parts.push(`${into} has ${commits(p.behind)} the session does not`);
  return parts.join(' · ');
}

/** Why the Merge button is off (null: it can go). */
export function mergeBlocked(p: MergePreview): string | null {
  if (p.alreadyMerged) return `Everything on this session is already on ${neutraliseLine(p.into)}.`;
  if (p.conflicts.length > 0) return 'The branches conflict.';
  return null;
}

/** "main moved 1a2b3c4d → 5e6f7a8b (fast-forward)". */
export function movedText(r: Extract<MergeResult, { ok: true }>): string {
  const how = r.fastForward
    ? 'fast-forward'
    : r.method === 'squash'
      ? 'one squashed commit'
      : r.method === 'rebase'
        ? 'rebased, then fast-forward'
        : 'merge commit';
  return `${neutraliseLine(r.into)} moved ${short(r.oldTip)} → ${short(r.newTip)} (${how})`;
}

export type BadgeTone = 'neutral' | 'ok' | 'warn' | 'accent';
export interface GitBadge {
  key: string;
  text: string;
  /** The longer sentence (tooltip and accessible name). */
  title: string;
  tone: BadgeTone;
  /** A link the user can open (the pull request). */
  url?: string;
}

/** The session list's compact badges for one session's git state. */
export function gitBadges(st: SessionGitState): GitBadge[] {
  const base = st.baseBranch ? neutraliseLine(st.baseBranch) : 'its base';
  const out: GitBadge[] = [];
  // Once merged, how far the branch and its base drifted is noise (a squash leaves it "ahead").
  if (!st.merged && (st.ahead > 0 || st.behind > 0))
    out.push({
      key: 'ahead-behind',
      text: `↑${st.ahead} ↓${st.behind}`,
      title: `${st.ahead} commit${st.ahead === 1 ? '' : 's'} ahead of ${base}, ${st.behind} behind`,
      tone: 'neutral',
    });
  if (st.merged) {
    const into = st.mergedInto ? neutraliseLine(st.mergedInto) : base;
    out.push({ key: 'merged', text: `merged → ${into}`, title: `Merged into ${into}`, tone: 'ok' });
  }
  if (st.tip) {
    const pushed =
      st.pushed === 'yes'
        ? { text: 'pushed', title: 'The remote has this branch’s tip', tone: 'ok' as const }
        : st.pushed === 'behind'
          ? {
              text: 'push behind',
              title: 'The remote has an older tip of this branch',
              tone: 'warn' as const,
            }
          : { text: 'not pushed', title: 'This branch was never pushed', tone: 'neutral' as const };
    out.push({ key: 'pushed', ...pushed });
  }
  if (st.pr)
    out.push({
      key: 'pr',
      text: `PR #${st.pr.number} ${st.pr.state === 'unknown' ? '' : st.pr.state}`.trim(),
      title: `Pull request #${st.pr.number} (${st.pr.state}): ${neutraliseLine(st.pr.url)}`,
      tone: st.pr.state === 'open' ? 'accent' : st.pr.state === 'merged' ? 'ok' : 'neutral',
      url: st.pr.url,
    });
  return out;
}

/**
 * The second question before a discard, after the host's count of the commits that exist nowhere
 * else: what the answer costs. With the branch kept, the commits stay in the repository only;
 * with it deleted, only the tip hash leads back to them.
 */
export function discardLossText(deleteBranch: boolean, tip: string | null | undefined): string {
  return deleteBranch
    ? `Deleting the branch loses them: only the tip ${
        tip ? short(tip) : 'hash'
      } (shown after the discard) leads back to them until git prunes it.`
    : 'The branch stays in your repository, but nowhere else; the container and anything not committed in it go.';
}
