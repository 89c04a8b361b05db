/**
 * Bringing a session's work home. Merges are computed with plumbing in the user's repository
 * and land with one compare-and-swap of the target branch; the user's HEAD, index and work tree
 * are never touched (only "Update my checkout", which they ask for, changes them). Conflicts
 * change nothing; the agent can be asked to rebase, with the target's commits brought into its
 * container. Discarding removes the container and, when asked, the branch.
 */
import { AppError } from '../../shared/errors';
import type {
  DiscardSessionResult,
  MergeMethod,
  MergePreview,
  MergeResult,
  RequestRebaseResult,
  SessionGitState,
  UpdateCheckoutResult,
} from '../../shared/schemas/merge';
import type { SessionInfo } from '../../shared/schemas/session';
import type { Engine } from '../engine/types';
import type { EventBus } from '../events';
import { revParse } from '../git/host-git';
import { worktreesWithBranch } from '../git/import-branch';
import { KeyedLock } from '../keyed-lock';
import { updateCheckout } from './checkout';
import { computeMerge, defaultSquashMessage, type MergeInputs, relation } from './compute';
import { mergeMessage, rebaseRequestText } from './messages';
import {
  aheadBehind,
  assertBranchName,
  casDeleteBranch,
  casUpdateBranch,
  currentBranch,
  type Identity,
  localBranches,
  mergeTree,
  userIdentity,
} from './plumbing';
import { PrStateCache, type PrStateLookup } from './pr-state';
import { MergeRecords } from './records';
import { replayOnto } from './replay';
import { sessionGitState, unsavedCommits } from './state';
import { sendBranchToContainer } from './to-container';

export interface MergeDeps {
  bus: EventBus;
  dataDir: string;
  /** The session record; throws 'session-not-found'. */
  getSession(id: string): Promise<SessionInfo>;
  /** Stops and removes the session's container and record (the session manager's remove). */
  removeSession(id: string): Promise<unknown>;
  engineAt(address: string): Promise<Engine>;
  /** The remote pushes go to (config pushRemote). */
  pushRemote(s: SessionInfo): Promise<string>;
  /** Asks the forge where a pull request stands (used in the background only). */
  prState?: PrStateLookup;
  /** Delivers a message to the agent's terminal (the review service's delivery). */
  sendToAgent(sessionId: string, text: string): Promise<{ delivered: boolean }>;
}

/** For a preview only (nothing is kept): commits need a committer even when git has none. */
const PREVIEW_IDENTITY: Identity = { name: 'Claude Code Runner', email: 'preview@localhost' };

const moved = (into: string, now: string) =>
  new AppError(
    'merge-target-moved',
    `${into} moved since the merge was prepared (it is now at ${now.slice(0, 12)}); nothing was changed`,
    'Look at the merge again and confirm it.',
  );

export class MergeService {
  readonly records: MergeRecords;
  readonly prStates: PrStateCache | null;
  private readonly locks = new KeyedLock();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: MergeDeps) {
    this.records = new MergeRecords(deps.dataDir);
    this.prStates = deps.prState ? new PrStateCache(deps.prState) : null;
    this.unsubscribe = deps.bus.subscribe((name, payload) => {
      if (name !== 'prCreated') return;
      const p = payload as { sessionId: string; url: string; number: number };
      void this.records
        .update(p.sessionId, (r) => ({ ...r, pr: { url: p.url, number: p.number } }))
        .catch((e: unknown) => console.error('merge: could not record the pull request:', e));
    });
  }

  dispose(): void {
    this.unsubscribe();
  }

  /** The session, its tip, and the target branch (given, its start branch, or the current one). */
  private async target(
    sessionId: string,
    into?: string,
  ): Promise<MergeInputs & { s: SessionInfo }> {
    const s = await this.deps.getSession(sessionId);
    const branch = into ?? s.baseBranch ?? (await currentBranch(s.folder));
    if (!branch)
      throw new AppError(
        'merge-no-target',
        'the session has no start branch and your repository is on a detached HEAD',
        'Choose the branch to merge into.',
      );
    await assertBranchName(s.folder, branch);
    if (branch === s.branch)
      throw new AppError(
        'merge-into-self',
        `${branch} is the session's own branch`,
        'Choose another branch.',
      );
    const intoTip = await revParse(s.folder, `refs/heads/${branch}`);
    if (!intoTip)
      throw new AppError(
        'branch-not-found',
        `there is no local branch ${branch}`,
        'Choose an existing branch.',
      );
    const sessionTip = await revParse(s.folder, `refs/heads/${s.branch}`);
    if (!sessionTip)
      throw new AppError(
        'nothing-to-merge',
        `${s.branch} does not exist in your repository yet`,
        "Wait for the agent's first commit to be imported.",
      );
    return { s, folder: s.folder, sessionBranch: s.branch, sessionTip, into: branch, intoTip };
  }

  async preview(input: {
    sessionId: string;
    into?: string;
    method: MergeMethod;
  }): Promise<MergePreview> {
    const m = await this.target(input.sessionId, input.into);
    const rel = await relation(m);
    let conflicts: string[] = [];
    if (!rel.alreadyMerged && !rel.canFastForward) {
      if (input.method === 'rebase') {
        const who = await userIdentity(m.folder).catch(() => PREVIEW_IDENTITY);
        const r = await replayOnto(m.folder, m.intoTip, m.sessionTip, who, true);
        conflicts = r.ok ? [] : r.conflicts;
      } else conflicts = (await mergeTree(m.folder, m.intoTip, m.sessionTip)).conflicts;
    }
    const { ahead, behind } = await aheadBehind(m.folder, m.intoTip, m.sessionTip);
    const others = (await localBranches(m.folder)).filter(
      (b) => b !== m.into && b !== m.sessionBranch,
    );
    return {
      sessionId: m.s.id,
      into: m.into,
      intoTip: m.intoTip,
      sessionTip: m.sessionTip,
      ahead,
      behind,
      fastForward: rel.canFastForward && input.method !== 'squash',
      alreadyMerged: rel.alreadyMerged,
      conflicts,
      squashMessage: await defaultSquashMessage(m),
      checkedOut: (await worktreesWithBranch(m.folder, m.into)).length > 0,
      branches: [m.into, ...others.sort()],
    };
  }

  async merge(input: {
    sessionId: string;
    into?: string;
    method: MergeMethod;
    message?: string;
    expectedIntoTip?: string;
  }): Promise<MergeResult> {
    const s = await this.deps.getSession(input.sessionId);
    // One merge at a time per repository: the compare-and-swap catches other writers.
    return await this.locks.run(s.folder, async () => {
      const m = await this.target(input.sessionId, input.into);
      if (input.expectedIntoTip && input.expectedIntoTip !== m.intoTip)
        throw moved(m.into, m.intoTip);
      const who = await userIdentity(m.folder);
      const message =
        input.message ??
        (input.method === 'squash'
          ? await defaultSquashMessage(m)
          : mergeMessage(m.sessionBranch, m.into));
      const out = await computeMerge(m, input.method, message, who);
      const base = { sessionId: m.s.id, into: m.into, method: input.method };
      if (!out.ok) return { ok: false, ...base, conflicts: out.conflicts };
      if (out.newTip !== m.intoTip) {
        const reason = `claude-code-runner: ${input.method} ${m.sessionBranch} into ${m.into}`;
        if (!(await casUpdateBranch(m.folder, m.into, out.newTip, m.intoTip, reason))) {
          const now = (await revParse(m.folder, `refs/heads/${m.into}`)) ?? 'deleted';
          throw moved(m.into, now);
        }
      }
      await this.records.update(m.s.id, (r) => ({
        ...r,
        merged: {
          into: m.into,
          sessionTip: m.sessionTip,
          newTip: out.newTip,
          at: new Date().toISOString(),
        },
      }));
      const checkedOut = (await worktreesWithBranch(m.folder, m.into)).length > 0;
      const result: MergeResult = {
        ok: true,
        ...base,
        oldTip: m.intoTip,
        newTip: out.newTip,
        fastForward: out.fastForward,
        checkoutLags: checkedOut && out.newTip !== m.intoTip,
      };
      this.deps.bus.emit('sessionMerged', result);
      return result;
    });
  }

  async updateCheckout(input: {
    sessionId: string;
    branch: string;
    from: string;
    to: string;
  }): Promise<UpdateCheckoutResult> {
    const s = await this.deps.getSession(input.sessionId);
    return await this.locks.run(s.folder, async () => {
      await assertBranchName(s.folder, input.branch);
      return updateCheckout(s.folder, input.branch, input.from, input.to);
    });
  }

  async requestRebase(input: { sessionId: string; onto?: string }): Promise<RequestRebaseResult> {
    const m = await this.target(input.sessionId, input.onto);
    const s = m.s;
    if (!s.containerId || s.status !== 'running')
      throw new AppError(
        'session-not-running',
        `session ${s.name} is not running`,
        'Restart the session, then ask again.',
      );
    const conflicts = (await mergeTree(m.folder, m.intoTip, m.sessionTip)).conflicts;
    const engine = await this.deps.engineAt(s.engine.address);
    const have = [s.baseCommit, m.sessionTip].filter((h): h is string => !!h);
    const containerRef = await sendBranchToContainer(
      m.folder,
      { engine, containerId: s.containerId, user: s.containerUser },
      m.into,
      m.intoTip,
      have,
    );
    const text = rebaseRequestText({
      sessionBranch: s.branch,
      onto: m.into,
      ontoTip: m.intoTip,
      containerRef,
      conflicts,
    });
    const { delivered } = await this.deps.sendToAgent(s.id, text);
    return { sessionId: s.id, onto: m.into, ontoTip: m.intoTip, containerRef, delivered };
  }

  async discard(input: {
    id: string;
    deleteBranch: boolean;
    confirmUnmerged: boolean;
  }): Promise<DiscardSessionResult> {
    const s = await this.deps.getSession(input.id);
    return await this.locks.run(s.folder, async () => {
      const tip = await revParse(s.folder, `refs/heads/${s.branch}`).catch(() => null);
      if (tip && !input.confirmUnmerged) {
        const remote = await this.deps.pushRemote(s);
        const n = await unsavedCommits(s, remote, await this.records.get(s.id), tip);
        if (n > 0)
          throw new AppError(
            'discard-unmerged',
            `${s.branch} has ${n} commit${n === 1 ? '' : 's'} that ${n === 1 ? 'is' : 'are'} neither pushed nor merged`,
            input.deleteBranch
              ? 'Confirm to discard the session and delete the branch with these commits.'
              : 'Confirm to discard the session (the branch is kept).',
          );
      }
      if (input.deleteBranch && tip && (await worktreesWithBranch(s.folder, s.branch)).length > 0)
        throw new AppError(
          'branch-checked-out',
          `${s.branch} is checked out in a work tree; it cannot be deleted`,
          'Switch that work tree to another branch, or keep the branch.',
        );
      await this.deps.removeSession(s.id);
      let branchDeleted = false;
      if (input.deleteBranch && tip) {
        branchDeleted = await casDeleteBranch(
          s.folder,
          s.branch,
          tip,
          'claude-code-runner: discard',
        );
        if (!branchDeleted)
          throw new AppError(
            'branch-moved',
            `the session was removed, but ${s.branch} moved meanwhile and was kept`,
            'Delete it with git if you still want to.',
          );
      }
      await this.records.remove(s.id);
      return { id: s.id, branch: s.branch, branchDeleted, tip };
    });
  }

  async gitState(sessionId: string): Promise<SessionGitState> {
    const s = await this.deps.getSession(sessionId);
    const remote = await this.deps.pushRemote(s).catch(() => 'origin');
    const state = await sessionGitState(s, remote, await this.records.get(s.id));
    if (state.pr && this.prStates) state.pr.state = this.prStates.peek(s, state.pr.number);
    return state;
  }
}
