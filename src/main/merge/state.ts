/**
 * A session's branch as the session list shows it, from local refs only (no network, so the
 * list stays fast): ahead/behind its base, merged or not (by ancestry, or by the recorded merge
 * when a squash or rebase left the commits off the target), pushed or not (the remote-tracking
 * ref, or the tip the runner pushed last), and the pull request made for it.
 */
import type { SessionGitState } from '../../shared/schemas/merge';
import type { SessionInfo } from '../../shared/schemas/session';
import { git, isAncestor, revParse } from '../git/host-git';
import { pushedRef } from '../git/import-branch';
import { aheadBehind } from './plumbing';
import type { MergeRecord } from './records';

export type Pushed = SessionGitState['pushed'];

/** What the remote has of the branch, as far as the host knows. */
export async function pushedState(
  folder: string,
  branch: string,
  remote: string,
  tip: string | null,
): Promise<Pushed> {
  const remoteTip =
    (await revParse(folder, `refs/remotes/${remote}/${branch}`)) ??
    (await revParse(folder, pushedRef(remote, branch)));
  if (!remoteTip || !tip) return 'no';
  if (remoteTip === tip || (await isAncestor(folder, tip, remoteTip))) return 'yes';
  return 'behind';
}

/** Where the session's own commits are measured from: its base branch, else its base commit. */
async function baseOf(folder: string, s: SessionInfo): Promise<string | null> {
  if (s.baseBranch) {
    const b = await revParse(folder, `refs/heads/${s.baseBranch}`);
    if (b) return b;
  }
  return s.baseCommit && (await revParse(folder, s.baseCommit));
}

/** Commits on `tip` that none of `not` reaches (refs or commits that may be missing). */
export async function countOnly(folder: string, tip: string, not: string[]): Promise<number> {
  const existing: string[] = [];
  for (const n of not) {
    const oid = await revParse(folder, n);
    if (oid) existing.push(oid);
  }
  const r = await git(folder, ['rev-list', '--count', tip, ...existing.map((e) => `^${e}`), '--']);
  return Number(r.stdout.trim()) || 0;
}

/**
 * Whether the session's work is home: its tip (with commits of its own) is contained in its
 * base branch or in the branch it was last merged into, or is the very tip a squash or rebase
 * merge took.
 */
export async function mergedState(
  folder: string,
  s: SessionInfo,
  tip: string | null,
  rec: MergeRecord,
): Promise<{ merged: boolean; mergedInto: string | null }> {
  if (!tip) return { merged: false, mergedInto: null };
  const own = s.baseCommit ? await countOnly(folder, tip, [s.baseCommit]) : 1;
  if (own === 0) return { merged: false, mergedInto: null };
  if (rec.merged?.sessionTip === tip) return { merged: true, mergedInto: rec.merged.into };
  for (const b of [rec.merged?.into, s.baseBranch]) {
    if (!b) continue;
    const bt = await revParse(folder, `refs/heads/${b}`);
    if (bt && (await isAncestor(folder, tip, bt))) return { merged: true, mergedInto: b };
  }
  return { merged: false, mergedInto: null };
}

export async function sessionGitState(
  s: SessionInfo,
  remote: string,
  rec: MergeRecord,
): Promise<SessionGitState> {
  const folder = s.folder;
  const tip = await revParse(folder, `refs/heads/${s.branch}`).catch(() => null);
  const base = tip ? await baseOf(folder, s) : null;
  const { ahead, behind } =
    tip && base ? await aheadBehind(folder, base, tip) : { ahead: 0, behind: 0 };
  const { merged, mergedInto } = await mergedState(folder, s, tip, rec);
  return {
    sessionId: s.id,
    branch: s.branch,
    baseBranch: s.baseBranch ?? null,
    tip,
    ahead,
    behind,
    merged,
    mergedInto,
    pushed: await pushedState(folder, s.branch, remote, tip),
    pr: rec.pr ? { ...rec.pr, state: 'unknown' } : null,
  };
}

/**
 * The session's commits that are neither pushed (the remote-tracking ref or the runner's
 * pushed tip) nor merged (base branch, recorded merge target, or the tip a merge took).
 */
export async function unsavedCommits(
  s: SessionInfo,
  remote: string,
  rec: MergeRecord,
  tip: string,
): Promise<number> {
  const not = [
    `refs/remotes/${remote}/${s.branch}`,
    pushedRef(remote, s.branch),
    ...(s.baseCommit ? [s.baseCommit] : []),
    ...(s.baseBranch ? [`refs/heads/${s.baseBranch}`] : []),
    ...(rec.merged ? [`refs/heads/${rec.merged.into}`, rec.merged.sessionTip] : []),
  ];
  return countOnly(s.folder, tip, not);
}
