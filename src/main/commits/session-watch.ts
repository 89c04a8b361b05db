/**
 * One session's commit pipeline: the container watcher reports the branch tip; each change is
 * announced (commitDetected) and imported (bundle out of the container, fetched into the
 * user's repo, branch fast-forwarded) one import at a time, bursts coalesced. A rewrite waits
 * for acceptRewrite. When the watcher ends (container restart, lost connection) it is
 * restarted with backoff and the first state line catches up on anything missed.
 */
import type { BranchRewritten, CommitStep } from '../../shared/schemas/commits';
import type { SessionInfo } from '../../shared/schemas/session';
import { AppError, type ErrorCode, isAppError } from '../../shared/errors';
import type { EventBus } from '../events';
import type { Engine } from '../engine/types';
import { revParse } from '../git/host-git';
import {
  acceptRewriteOnHost,
  applyIncoming,
  assertNotCheckedOut,
  fetchBundle,
  incomingRef,
  reachableFromRefs,
  setRef,
} from '../git/import-branch';
import { ImportRetry, type RetryPolicy } from './retry';
import { type BundleFile, bundleFromContainer, bundleViaWatcher, sanitizeLine } from './transfer';
import { BranchWatcher, type WatchState } from './watcher';
import { sessionWatchRestart } from '../kit/watch-exec';

export const WORKDIR = '/workspace';

export interface SessionWatchDeps {
  bus: EventBus;
  engine: Engine;
  interval?: number;
  retry?: RetryPolicy;
  /** After each import that moved the branch (auto push / PR). */
  afterImport?(session: SessionInfo): Promise<void>;
}

export class SessionWatch {
  private watcher: BranchWatcher | null = null;
  private stopped = false;
  private latest: WatchState | null = null;
  private lastSeenTip: string | null | undefined = undefined;
  private lastHeadWarning: string | null = null;
  private running = false;
  /** "<tip> <code>" of the last failed import, so each problem is reported once. */
  private failedAt: string | null = null;
  private readonly retry: ImportRetry;
  private retryTimer: NodeJS.Timeout | null = null;
  private dirty = false;
  private detectedAt = 0;
  private readonly restart = sessionWatchRestart({
    engine: () => this.deps.engine,
    session: () => this.session,
    restart: () => this.start(),
    stopped: () => this.stopped,
  });
  /** When the current watcher was started (host clock). */
  private watchStartedAt = 0;
  pendingRewrite: BranchRewritten | null = null;
  /** Resolves when the current import round ends (tests, bench). */
  idle: Promise<void> = Promise.resolve();

  constructor(
    public session: SessionInfo,
    private readonly deps: SessionWatchDeps,
  ) {
    this.retry = new ImportRetry(deps.retry);
  }

  async start(): Promise<void> {
    this.stopped = false;
    const s = this.session;
    if (!s.containerId) throw new AppError('no-container', `session ${s.id} has no container`);
    const watcher = new BranchWatcher({
      engine: this.deps.engine,
      containerId: s.containerId,
      user: s.containerUser,
      workdir: WORKDIR,
      branch: s.branch,
      ...(this.deps.interval !== undefined ? { interval: this.deps.interval } : {}),
      onState: (st) => this.onState(st),
      onEnd: (reason) => this.onEnd(reason),
    });
    this.watcher = watcher;
    this.watchStartedAt = Date.now();
    try {
      await watcher.start();
    } catch (e) {
      this.watcher = null;
      this.fail('watch', e);
      this.scheduleRestart();
    }
  }

  stop(): void {
    this.stopped = true;
    this.restart.cancel();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.watcher?.stop();
    this.watcher = null;
  }

  /** Re-read the container state now (e.g. after the user switched their checkout away). */
  recheck(): void {
    this.watcher?.check();
    if (this.latest) this.kick();
  }

  private onEnd(reason: string): void {
    this.watcher = null;
    if (this.stopped) return;
    void this.ended(reason);
  }

  /**
   * The watcher ends with its container when the session is stopped or restarted (exit 137):
   * that is no failure to show. Only an end while the same run of the container goes on is one.
   * The engine may still call a stopping container running for a moment after its processes
   * were killed, so the run is looked at a few times before the end counts as a failure.
   */
  private async ended(reason: string): Promise<void> {
    for (let look = 0; look < 4; look++) {
      if (look > 0) await new Promise((r) => setTimeout(r, 500));
      const state = this.session.containerId
        ? await this.deps.engine.inspectContainer(this.session.containerId!).catch(() => null)
        : null;
      if (this.stopped) return;
      // Not running, or started again after this watcher began: a stop or restart.
      const restarted =
        state?.startedAt != null && Date.parse(state.startedAt) > this.watchStartedAt;
      if (!state?.running || restarted) return this.scheduleRestart();
    }
    this.emitError('watch', 'watcher-ended', reason, 'It is restarted automatically.');
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    this.restart.schedule();
  }

  private onState(st: WatchState): void {
    this.restart.working();
    this.latest = st;
    const branch = this.session.branch;
    // A detached HEAD is normal mid-rebase or bisect; another branch means new commits would
    // not reach the user: say so once per branch.
    if (st.headBranch !== null && st.headBranch !== branch) {
      if (st.headBranch !== this.lastHeadWarning) {
        this.lastHeadWarning = st.headBranch;
        const name = JSON.stringify(sanitizeLine(st.headBranch).slice(0, 120));
        this.emitError(
          'detect',
          'agent-left-branch',
          `the agent switched to branch ${name}; only ${branch} is brought to your repository`,
        );
      }
    } else if (st.headBranch === branch) {
      this.lastHeadWarning = null;
    }
    if (st.tip === null) {
      if (this.lastSeenTip) {
        this.emitError(
          'detect',
          'branch-deleted',
          `the agent deleted ${branch} in the container`,
          'Your copy of the branch is kept as it is.',
        );
      }
      this.lastSeenTip = null;
      return;
    }
    if (st.tip !== this.lastSeenTip) {
      const previous = this.lastSeenTip;
      this.lastSeenTip = st.tip;
      this.detectedAt = Date.now();
      void this.announce(st.tip, previous);
    }
    this.kick();
  }

  private async announce(tip: string, previous: string | null | undefined): Promise<void> {
    const hostTip =
      previous === undefined
        ? await revParse(this.session.folder, `refs/heads/${this.session.branch}`).catch(() => null)
        : previous;
    if (hostTip === tip) return;
    this.deps.bus.emit('commitDetected', {
      sessionId: this.session.id,
      branch: this.session.branch,
      tip,
      previousTip: hostTip,
    });
  }

  private kick(): void {
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = true;
    this.idle = this.importLoop();
  }

  private async importLoop(): Promise<void> {
    try {
      do {
        this.dirty = false;
        const want = this.latest?.tip;
        if (!want || this.stopped || want === this.retry.gaveUpOn) return;
        try {
          await this.importOnce(want);
          this.failedAt = null;
          this.retry.succeeded();
        } catch (e) {
          this.onImportFailed(want, e);
          return;
        }
      } while (this.dirty);
    } finally {
      // In the same synchronous step as the last `dirty` check: no state can slip in between.
      this.running = false;
    }
  }

  /**
   * Said once per tip and problem, then retried quietly. A checkout of the branch on the host
   * waits for the user (checked before any transfer, so it costs nothing) every 2 s; anything
   * else backs off and stops after a bound, because each attempt may move a whole bundle.
   */
  private onImportFailed(want: string, e: unknown): void {
    const code = isAppError(e) ? e.code : 'commit-error';
    const key = `${want} ${code}`;
    if (this.failedAt !== key) this.fail('import', e);
    this.failedAt = key;
    if (code === 'branch-checked-out') {
      this.retrySoon(2000);
      return;
    }
    const next = this.retry.failed(want);
    if (next.delay !== null) {
      this.retrySoon(next.delay);
      return;
    }
    const why = e instanceof Error ? e.message : String(e);
    this.emitError(
      'import',
      'import-stopped',
      `importing commit ${want.slice(0, 12)} failed ${next.count} times; retries stopped (last error: ${why})`,
      'Fix or drop the commit in the session (the agent can amend, reset or commit again): a new commit is imported right away. Restarting the session also tries again.',
    );
  }

  private retrySoon(delay: number): void {
    if (this.retryTimer || this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, delay);
  }

  private async importOnce(want: string): Promise<void> {
    const s = this.session;
    const hostTip = await revParse(s.folder, `refs/heads/${s.branch}`);
    if (hostTip === want) return;
    // Before any transfer: a branch the user has checked out is never moved.
    await assertNotCheckedOut(s.folder, s.branch);
    if (this.pendingRewrite && !this.pendingRewrite.accepted && this.pendingRewrite.newTip === want)
      return;
    let fetched: string;
    if (await reachableFromRefs(s.folder, want)) {
      // A reset or rebase onto commits your refs already reach (or an import that passed its
      // checks, held under the incoming ref): nothing to transfer. A commit that is merely
      // present in the store (an older failed import) was never checked: it is sent again.
      await setRef(s.folder, incomingRef(s.id), want);
      fetched = want;
    } else {
      // Only commits the host really has: the starting-point commit exists only in the container
      // until the first import brings it (its parent, the user's HEAD, is here).
      const candidates = [hostTip, s.baseCommit, s.startingPoint?.userHead];
      const have: string[] = [];
      for (const h of new Set(candidates))
        if (h && (await revParse(s.folder, h)) === h) have.push(h);
      const bundle = await this.bundle(have);
      try {
        // `have` is the host's own choice (its tip, the session's base): trusted history.
        fetched = await fetchBundle(s.folder, bundle.path, s.branch, have);
      } finally {
        await bundle.dispose();
      }
    }
    const outcome = await applyIncoming(s.folder, s.branch, s.id, fetched);
    if (outcome.kind === 'fast-forward') {
      this.pendingRewrite = null;
      this.deps.bus.emit('commitImported', {
        sessionId: s.id,
        branch: s.branch,
        tip: outcome.tip,
        previousTip: outcome.previousTip,
        commits: outcome.commits,
        elapsedMs: Math.max(0, Date.now() - this.detectedAt),
      });
      await this.deps.afterImport?.(s);
    } else if (outcome.kind === 'rewrite') {
      this.pendingRewrite = {
        sessionId: s.id,
        branch: s.branch,
        oldTip: outcome.oldTip,
        newTip: outcome.newTip,
        dropped: outcome.dropped,
        accepted: false,
      };
      this.deps.bus.emit('branchRewritten', this.pendingRewrite);
    }
  }

  /** Through the watcher's own channel when it is up (no exec), else with a one-off exec. */
  private async bundle(have: string[]): Promise<BundleFile> {
    const s = this.session;
    if (this.watcher?.connected) {
      try {
        return await bundleViaWatcher(this.watcher, have);
      } catch {
        // fall through: the exec path reports its own, clearer error
      }
    }
    return bundleFromContainer(
      {
        engine: this.deps.engine,
        containerId: s.containerId!,
        user: s.containerUser,
        workdir: WORKDIR,
        branch: s.branch,
      },
      have,
    );
  }

  async acceptRewrite(tip: string): Promise<{ branch: string; tip: string; backupRef: string }> {
    const pending = this.pendingRewrite;
    if (!pending || pending.newTip !== tip) {
      throw new AppError(
        'no-rewrite',
        'there is no rewritten branch waiting with that tip',
        'Reload the commit list.',
      );
    }
    const s = this.session;
    const { backupRef } = await acceptRewriteOnHost(s.folder, s.branch, s.id, tip);
    this.pendingRewrite = { ...pending, accepted: true, backupRef };
    this.deps.bus.emit('branchRewritten', this.pendingRewrite);
    this.pendingRewrite = null;
    this.kick();
    return { branch: s.branch, tip, backupRef };
  }

  private fail(step: CommitStep, e: unknown): void {
    const err = isAppError(e)
      ? e
      : new AppError('commit-error', e instanceof Error ? e.message : String(e));
    this.emitError(step, err.code, err.message, err.hint);
  }

  private emitError(step: CommitStep, code: ErrorCode, message: string, hint?: string): void {
    this.deps.bus.emit('commitError', {
      sessionId: this.session.id,
      step,
      code,
      message,
      ...(hint ? { hint } : {}),
    });
  }
}
