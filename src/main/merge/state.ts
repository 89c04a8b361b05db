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

/**
 * The tips of several refs in one git call (the session list asks this for every session, and
 * each git process costs tens of milliseconds on a busy machine). Missing refs are absent.
 */
export async function refTips(folder: string, refs: string[]): Promise<Map<string, string>> {
  const wanted = new Set(refs);
  const r = await git(folder, ['for-each-ref', '--format=%(objectname) %(refname)', ...wanted], {
    allowFailure: true,
  });
  const tips = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const cut = line.indexOf(' ');
    const name = line.slice(cut + 1);
    // for-each-ref also lists refs below a pattern (refs/heads/a/b for refs/heads/a).
    if (cut > 0 && wanted.has(name)) tips.set(name, line.slice(0, cut));
  }
  return tips;
}

/** What the remote has of the branch (`remoteTip`: its tracking ref, or what the runner pushed last). */
export async function pushedState(
  folder: string,
  remoteTip: string | undefined,
  tip: string | null,
): Promise<Pushed> {
  if (!remoteTip || !tip) return 'no';
  if (remoteTip === tip || (await isAncestor(folder, tip, remoteTip))) return 'yes';
  return 'behind';
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

/** Whether the session has commits of its own over its base commit (one git call). */
async function hasOwnCommits(folder: string, s: SessionInfo, tip: string): Promise<boolean> {
  if (!s.baseCommit) return true;
  if (s.baseCommit === tip) return false;
  const r = await git(folder, ['rev-list', '--count', tip, `^${s.baseCommit}`, '--'], {
    allowFailure: true,
  });
  return r.exitCode !== 0 || Number(r.stdout.trim()) > 0;
}

/**
 * Whether the session's work is home: its tip (with commits of its own) is the very tip a
 * squash or rebase merge took, or is contained in the branch it was last merged into or in its
 * base branch. `tips` holds the branches' tips (refTips).
 */
export async function mergedState(
  folder: string,
  s: SessionInfo,
  tip: string | null,
  rec: MergeRecord,
  tips: Map<string, string>,
): Promise<{ merged: boolean; mergedInto: string | null }> {
  const no = { merged: false, mergedInto: null };
  if (!tip || !(await hasOwnCommits(folder, s, tip))) return no;
  if (rec.merged?.sessionTip === tip) return { merged: true, mergedInto: rec.merged.into };
  for (const b of new Set([rec.merged?.into, s.baseBranch])) {
    const bt = b ? tips.get(`refs/heads/${b}`) : undefined;
    if (b && bt && (await isAncestor(folder, tip, bt))) return { merged: true, mergedInto: b };
  }
  return no;
}

export async function sessionGitState(
  s: SessionInfo,
  remote: string,
  rec: MergeRecord,
): Promise<SessionGitState> {
  const folder = s.folder;
  const head = (b: string) => `refs/heads/${b}`;
  const tracking = `refs/remotes/${remote}/${s.branch}`;
  const tips = await refTips(folder, [
    head(s.branch),
    ...(s.baseBranch ? [head(s.baseBranch)] : []),
    ...(rec.merged ? [head(rec.merged.into)] : []),
    tracking,
    pushedRef(remote, s.branch),
  ]);
  const tip = tips.get(head(s.branch)) ?? null;
  const base = (s.baseBranch && tips.get(head(s.baseBranch))) || s.baseCommit;
  const { ahead, behind } =
    tip && base
      ? await aheadBehind(folder, base, tip).catch(() => ({ ahead: 0, behind: 0 }))
      : { ahead: 0, behind: 0 };
  const { merged, mergedInto } = await mergedState(folder, s, tip, rec, tips);
  const remoteTip = tips.get(tracking) ?? tips.get(pushedRef(remote, s.branch));
  return {
    sessionId: s.id,
    branch: s.branch,
    baseBranch: s.baseBranch ?? null,
    tip,
    ahead,
    behind,
    merged,
    mergedInto,
    pushed: await pushedState(folder, remoteTip, tip),
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
