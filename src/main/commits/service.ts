/**
 * The commits domain: one SessionWatch per running session (driven by sessionStatus events),
 * review data read from the user's repository, push and pull requests from the host, and the
 * autoPush / autoCreatePR automation after each import (off unless configured).
 */
import type { CommitList, DiffSummary, FileDiff, FileImage } from '../../shared/schemas/commits';
import type { SessionInfo } from '../../shared/schemas/session';
import { AppError } from '../../shared/errors';
import type { EventBus } from '../events';
import type { Engine } from '../engine/types';
import { diffFiles, fileDiff, fileImage, firstParent, mergeBase } from '../git/diff-files';
import { isValidBranchName } from '../git/branch-name';
import { revParse } from '../git/host-git';
import { listSessionCommits } from '../git/review-log';
import { draftText, type ForgeOptions } from '../forge/pull-request';
import { runCommand } from '../forge/tokens';
import { createPr, prDraft, pushSession, type PrInput, type PublishContext } from './publish';
import { SessionWatch } from './session-watch';

export interface CommitSettings {
  autoPush: boolean;
  autoCreatePR: boolean;
  pushRemote: string;
}

export interface CommitServiceDeps {
  bus: EventBus;
  engineFor(session: SessionInfo): Promise<Engine>;
  /** Sessions not seen on the bus yet (e.g. right after an app restart). */
  getSession?(id: string): Promise<SessionInfo | undefined>;
  settingsFor?(session: SessionInfo): Promise<CommitSettings>;
  forge?: Partial<ForgeOptions>;
  /** Seconds between the container watcher's reads. */
  watchInterval?: number;
  /**
   * Whether to import from the start (default true). The core starts with false and lets the
   * importer election of the data dir turn it on, so no process imports before it is elected.
   */
  importing?: boolean;
}

/** Never a session branch: importing would move the user's own line of work. */
const PROTECTED = new Set(['main', 'master', 'HEAD']);

const DEFAULT_SETTINGS: CommitSettings = {
  autoPush: false,
  autoCreatePR: false,
  pushRemote: 'origin',
};

export class CommitService {
  private readonly sessions = new Map<string, SessionInfo>();
  private readonly watches = new Map<string, SessionWatch>();
  private readonly unsubscribe: () => void;
  private readonly publish: PublishContext;
  /**
   * Whether this process imports commits. Processes sharing a data dir elect one importer, so
   * each session's commits come home through exactly one watcher.
   */
  private importing = true;

  constructor(private readonly deps: CommitServiceDeps) {
    this.importing = deps.importing ?? true;
    this.publish = {
      bus: deps.bus,
      session: (id) => this.session(id),
      pushRemote: async (s) => (await this.settings(s)).pushRemote,
      listCommits: (id) => this.listCommits(id),
      forge: () => ({ env: process.env, run: runCommand, ...deps.forge }),
    };
    this.unsubscribe = deps.bus.subscribe((name, payload) => {
      // sessionStatus is declared by the sessions domain; matched by name so this file does not depend on it.
      if ((name as string) === 'sessionStatus')
        void this.onSessionStatus(payload as unknown as SessionInfo).catch(() => undefined);
    });
  }

  dispose(): void {
    this.unsubscribe();
    for (const w of this.watches.values()) w.stop();
    this.watches.clear();
  }

  watchOf(sessionId: string): SessionWatch | undefined {
    return this.watches.get(sessionId);
  }

  /** Becomes (or stops being) the importer; `sessions` are every record of the data dir. */
  async setImporting(importing: boolean, sessions: readonly SessionInfo[]): Promise<void> {
    this.importing = importing;
    await this.sync(sessions);
  }

  /**
   * Brings the watchers in line with the records, whatever path found them (a store loaded at
   * start-up sends no status event for records that did not change).
   */
  async sync(sessions: readonly SessionInfo[]): Promise<void> {
    const ids = new Set(sessions.map((s) => s.id));
    for (const [id, w] of this.watches) {
      if (!ids.has(id)) {
        w.stop();
        this.watches.delete(id);
      }
    }
    await Promise.all(
      sessions.map((s) =>
        this.onSessionStatus(s).catch((e: unknown) => this.stepError(s.id, 'watch', e)),
      ),
    );
  }

  async onSessionStatus(info: SessionInfo): Promise<void> {
    this.sessions.set(info.id, info);
    const existing = this.watches.get(info.id);
    // 'unknown' is an engine that did not answer in time (a busy machine, a restart): the
    // watcher rides that out with its own retries rather than being dropped and started again.
    const wanted =
      this.importing &&
      (info.status === 'running' || info.status === 'unknown') &&
      info.containerId !== null;
    if (existing && (!wanted || existing.session.containerId !== info.containerId)) {
      existing.stop();
      this.watches.delete(info.id);
    } else if (existing) {
      existing.session = info;
      return;
    }
    if (!wanted) return;
    if (!(await isValidBranchName(info.folder, info.branch)) || PROTECTED.has(info.branch)) {
      this.deps.bus.emit('commitError', {
        sessionId: info.id,
        step: 'watch',
        code: 'bad-branch',
        message: 'the session branch name is not a valid session branch; commits are not imported',
      });
      return;
    }
    let engine: Engine;
    try {
      engine = await this.deps.engineFor(info);
    } catch (e) {
      this.stepError(info.id, 'watch', e);
      return;
    }
    // Another status may have arrived while we waited: only the latest one counts; and the
    // election may have turned importing off meanwhile (this process is stopping).
    if (!this.importing || this.sessions.get(info.id) !== info || this.watches.has(info.id)) return;
    const watch = new SessionWatch(info, {
      bus: this.deps.bus,
      engine,
      ...(this.deps.watchInterval !== undefined ? { interval: this.deps.watchInterval } : {}),
      afterImport: (s) => this.automate(s),
    });
    this.watches.set(info.id, watch);
    await watch.start();
  }

  private async session(id: string): Promise<SessionInfo> {
    const s = this.sessions.get(id) ?? (await this.deps.getSession?.(id));
    if (!s)
      throw new AppError('session-not-found', `no session ${id}`, 'Pick a session from the list.');
    if (!(await isValidBranchName(s.folder, s.branch)))
      throw new AppError('bad-branch', 'the session branch name is not valid');
    return s;
  }

  private async settings(s: SessionInfo): Promise<CommitSettings> {
    return (await this.deps.settingsFor?.(s)) ?? DEFAULT_SETTINGS;
  }

  async listCommits(sessionId: string): Promise<CommitList> {
    const s = await this.session(sessionId);
    const tip = await revParse(s.folder, `refs/heads/${s.branch}`);
    const base = s.baseCommit ? await revParse(s.folder, s.baseCommit) : null;
    const commits = tip ? await listSessionCommits(s.folder, tip, base) : [];
    return {
      sessionId,
      branch: s.branch,
      base,
      tip,
      commits,
      pendingRewrite: this.watches.get(sessionId)?.pendingRewrite ?? null,
    };
  }

  async commitDiff(sessionId: string, commit: string): Promise<DiffSummary> {
    const s = await this.session(sessionId);
    await this.assertCommit(s, commit);
    const from = await this.parentOf(s, commit);
    return { sessionId, from, to: commit, ...(await diffFiles(s.folder, from, commit)) };
  }

  async rangeDiff(sessionId: string, from: string, to: string): Promise<DiffSummary> {
    const s = await this.session(sessionId);
    await this.assertCommit(s, from);
    await this.assertCommit(s, to);
    return { sessionId, from, to, ...(await diffFiles(s.folder, from, to)) };
  }

  /** The whole session against the merge-base with where it started (no unrelated changes leak in). */
  async sessionDiff(sessionId: string): Promise<DiffSummary> {
    const s = await this.session(sessionId);
    const tip = await revParse(s.folder, `refs/heads/${s.branch}`);
    if (!tip) throw new AppError('nothing-imported', 'the session has no commits on the host yet');
    const from = s.baseCommit ? await mergeBase(s.folder, s.baseCommit, tip) : null;
    return { sessionId, from, to: tip, ...(await diffFiles(s.folder, from, tip)) };
  }

  async fileDiff(
    sessionId: string,
    q: {
      commit?: string;
      from?: string;
      to?: string;
      path: string;
      oldPath?: string;
      loadAnyway?: boolean;
      ignoreWhitespace?: boolean;
    },
  ): Promise<FileDiff> {
    const s = await this.session(sessionId);
    const { from, to } = await this.fileRange(s, q);
    return fileDiff(s.folder, from, to, q.path, {
      ...(q.oldPath !== undefined ? { oldPath: q.oldPath } : {}),
      ...(q.loadAnyway !== undefined ? { loadAnyway: q.loadAnyway } : {}),
      ...(q.ignoreWhitespace ? { ignoreWhitespace: true } : {}),
    });
  }

  async fileImage(
    sessionId: string,
    q: { commit?: string; from?: string; to?: string; path: string; oldPath?: string },
  ): Promise<FileImage> {
    const s = await this.session(sessionId);
    const { from, to } = await this.fileRange(s, q);
    return fileImage(s.folder, from, to, q.path, q.oldPath);
  }

  /** The two ends a file's diff is taken between: a commit and its parent, or from..to. */
  private async fileRange(
    s: SessionInfo,
    q: { commit?: string; from?: string; to?: string },
  ): Promise<{ from: string | null; to: string }> {
    if (q.commit) {
      await this.assertCommit(s, q.commit);
      return { from: await this.parentOf(s, q.commit), to: q.commit };
    }
    const to = q.to!;
    await this.assertCommit(s, to);
    const from = q.from ?? null;
    if (from) await this.assertCommit(s, from);
    return { from, to };
  }

  /**
   * Commits seen to exist, and first parents, per folder: a commit's name fixes its content
   * and parents, so each review click need not ask git again (two processes fewer per file).
   */
  private readonly known = new Map<string, string | null>();

  private async assertCommit(s: SessionInfo, commit: string): Promise<void> {
    const key = `${s.folder}\0${commit}`;
    if (this.known.has(key)) return;
    if ((await revParse(s.folder, commit)) !== commit) {
      throw new AppError(
        'commit-not-found',
        `commit ${commit.slice(0, 12)} is not in this repository`,
        'Reload the commit list.',
      );
    }
    this.remember(key, undefined);
  }

  private async parentOf(s: SessionInfo, commit: string): Promise<string | null> {
    const key = `${s.folder}\0${commit}^`;
    if (this.known.has(key)) return this.known.get(key)!;
    const parent = await firstParent(s.folder, commit);
    this.remember(key, parent);
    return parent;
  }

  private remember(key: string, value: string | null | undefined): void {
    // Bounded: the oldest entries go first.
    if (this.known.size >= 10_000) this.known.delete(this.known.keys().next().value!);
    this.known.set(key, value ?? null);
  }

  async acceptRewrite(sessionId: string, tip: string) {
    const w = this.watches.get(sessionId);
    if (!w)
      throw new AppError(
        'no-rewrite',
        'this session is not being watched',
        'Start the session first.',
      );
    return w.acceptRewrite(tip);
  }

  push(sessionId: string, opts: { remote?: string; confirmRewrite?: boolean }) {
    return pushSession(this.publish, sessionId, opts, false);
  }

  prDraft(sessionId: string, remote?: string) {
    return prDraft(this.publish, sessionId, remote);
  }

  createPr(sessionId: string, input: PrInput) {
    return createPr(this.publish, sessionId, input, false);
  }

  /** autoPush / autoCreatePR: nothing leaves the machine unless the config says so. */
  private async automate(s: SessionInfo): Promise<void> {
    const settings = await this.settings(s);
    if (settings.autoPush && !settings.autoCreatePR) {
      await pushSession(this.publish, s.id, {}, true).catch((e: unknown) =>
        this.stepError(s.id, 'push', e),
      );
    }
    if (settings.autoCreatePR) {
      try {
        const list = await this.listCommits(s.id);
        const { title, body } = draftText(s.branch, list.commits);
        await createPr(this.publish, s.id, { title, body, draft: false, push: true }, true);
      } catch (e) {
        this.stepError(s.id, 'pr', e);
      }
    }
  }

  private stepError(sessionId: string, step: 'watch' | 'push' | 'pr', e: unknown): void {
    const err =
      e instanceof AppError
        ? e
        : new AppError(`${step}-failed`, e instanceof Error ? e.message : String(e));
    this.deps.bus.emit('commitError', {
      sessionId,
      step,
      code: err.code,
      message: err.message,
      ...(err.hint ? { hint: err.hint } : {}),
    });
  }
}
