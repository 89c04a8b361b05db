/**
 * SessionManager: the lasting session objects. Holds the records (shared with the other
 * processes of the data dir through the store), emits `sessionStatus` for each change whoever
 * made it, reconciles with the engines, and runs start / stop / restart / remove one operation
 * per session at a time.
 */
import { AppError, hasCode } from '../../shared/errors';
import type { SessionInfo, SessionList, SessionPhase } from '../../shared/schemas/session';
import { APP_LABEL_VALUE, LABELS } from '../engine/labels';
import { isThisProcess, processAlive, thisProcess } from '../app/process-lock';
import { exportConversation, type ExportResult } from './conversation-export';
import { forkPoint, inheritedNetwork } from './fork';
import type { SessionDeps } from './deps';
import { reconcileRecord, recordFromContainer, type EngineView } from './reconcile';
import { relaunchAgent } from './relaunch';
import { SessionRecords } from './session-records';
import { startSession, type StartRequest } from './start-session';
import { SessionStore, type StoreProblem } from './store';
import { join } from 'node:path';
import { KeyedLock } from '../keyed-lock';

export class SessionManager {
  private readonly records: SessionRecords;
  private readonly locks = new KeyedLock();
  private storeProblem: StoreProblem | undefined;
  private recovered = false;
  private lastReconcile = 0;
  private reconciling: Promise<void> | null = null;
  /** folder NUL branch of starts in flight. */
  private readonly reserved = new Set<string>();
  /** Sessions this process is starting: never "interrupted" while the start runs. */
  private readonly starting = new Set<string>();
  private unknownTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: SessionDeps) {
    this.records = new SessionRecords(
      new SessionStore(join(deps.dataDir, 'sessions')),
      deps.bus,
      () => this.now(),
    );
  }

  /** Loads the store and reconciles it with the engines. Safe to call once at start-up. */
  async init(): Promise<{ storeProblem?: StoreProblem }> {
    const result = await this.load();
    await this.reconcile();
    return result;
  }

  /** Loads the store only (reconcile separately, it may wait for an engine). */
  async load(): Promise<{ storeProblem?: StoreProblem }> {
    const loaded = await this.records.load();
    this.storeProblem = loaded.problem;
    if (loaded.problem) {
      this.deps.bus.emit('sessionStoreProblem', loaded.problem);
      console.error(`sessions: ${loaded.problem.message} (kept at ${loaded.problem.movedTo})`);
    }
    return loaded.problem ? { storeProblem: loaded.problem } : {};
  }

  /** Follows other processes' changes to the store (poll) until `dispose`. */
  watchStore(intervalMs?: number): void {
    this.records.watch(intervalMs);
    // An engine that did not answer is asked again until it does, not only when a window lists.
    this.unknownTimer ??= setInterval(() => {
      if (this.records.all().some((s) => s.status === 'unknown')) this.refreshSoon();
    }, 2000);
    this.unknownTimer.unref();
  }

  /** Called with every record whenever any record changed, in this process or another. */
  onRecordsChange(listener: (all: SessionInfo[]) => void): () => void {
    return this.records.onChange(listener);
  }

  dispose(): void {
    this.records.dispose();
    if (this.unknownTimer) clearInterval(this.unknownTimer);
    this.unknownTimer = null;
  }

  list(): SessionList {
    const sessions = this.records.all().sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return this.storeProblem ? { sessions, storeProblem: this.storeProblem } : { sessions };
  }

  /** The record or null (for the terminals service's lookup). */
  find(id: string): SessionInfo | null {
    return this.records.get(id) ?? null;
  }

  get(id: string): SessionInfo {
    const s = this.records.get(id);
    if (!s)
      throw new AppError(
        'session-not-found',
        `there is no session ${id}`,
        'refresh the session list',
      );
    return s;
  }

  start(req: StartRequest): Promise<SessionInfo> {
    const reservedKeys: string[] = [];
    let id: string | undefined;
    const release = () => {
      for (const k of reservedKeys) this.reserved.delete(k);
      if (id) this.starting.delete(id);
    };
    const run = startSession(this.deps, req, {
      commit: async (info) => {
        if (id === undefined) {
          id = info.id;
          this.starting.add(id);
          await this.create(info);
        } else await this.commit(info);
      },
      discard: async (info) => {
        await this.records.change(info.id, () => null);
      },
      progress: (sessionId, phase: SessionPhase, message, current, total) =>
        this.deps.bus.emit('sessionProgress', { sessionId, phase, message, current, total }),
      log: (sessionId) => (stream, text) =>
        this.deps.bus.emit('sessionLog', { sessionId, stream, text }),
      reserveBranch: (folder, branch) => {
        const key = `${folder}\0${branch}`;
        const taken = this.records.all().some((r) => r.folder === folder && r.branch === branch);
        if (taken || this.reserved.has(key)) return false;
        this.reserved.add(key);
        reservedKeys.push(key);
        return true;
      },
    });
    // Once started (or failed) the record itself holds the name.
    void run.then(release, release);
    return run;
  }

  stop(id: string): Promise<SessionInfo> {
    return this.locked(id, async () => {
      const s = this.get(id);
      if (!s.containerId)
        throw new AppError('session-not-running', `session ${s.name} has no container`);
      const engine = await this.deps.engineAt(s.engine.address);
      const state = await engine.inspectContainer(s.containerId);
      if (!state) return this.set(s, { status: 'gone' });
      if (state.running) await engine.stopContainer(s.containerId, 10);
      return this.set(s, { status: s.status === 'failed' ? 'failed' : 'stopped', error: s.error });
    });
  }

  /**
   * Stops (when running) and starts the container again, then the agent: with the resume args
   * (its conversation continues), or without them when `fresh`.
   */
  restart(id: string, opts: { fresh?: boolean } = {}): Promise<SessionInfo> {
    return this.locked(id, async () => {
      const s = this.get(id);
      if (!s.containerId || s.status === 'gone') {
        throw new AppError(
          'session-gone',
          `the container of session ${s.name} no longer exists`,
          'remove the session and start a new one; its branch is kept',
        );
      }
      const engine = await this.deps.engineAt(s.engine.address);
      const state = await engine.inspectContainer(s.containerId);
      if (!state) {
        await this.set(s, { status: 'gone' });
        throw new AppError(
          'session-gone',
          `the container of session ${s.name} no longer exists`,
          'remove the session and start a new one',
        );
      }
      if (state.running) await engine.stopContainer(s.containerId, 10);
      await engine.startContainer(s.containerId);
      const running = await this.set(s, { status: 'running', error: undefined });
      await relaunchAgent(this.deps, running, { resume: !opts.fresh });
      return running;
    });
  }

  /**
   * A new session at this session's branch tip (as imported on the host), with its own
   * container and branch and this session's network; with `copyConversation` its transcripts
   * are copied in first and its agent resumes them.
   */
  async fork(input: {
    id: string;
    name?: string;
    prompt?: string;
    copyConversation?: boolean;
    projectConfig?: StartRequest['projectConfig'];
  }): Promise<SessionInfo> {
    const s = this.get(input.id);
    const commit = await forkPoint(s);
    if (input.copyConversation && !s.containerId) {
      throw new AppError(
        'session-gone',
        `session ${s.name} has no container to copy the conversation from`,
        'fork without the conversation',
      );
    }
    const network = inheritedNetwork(
      (await this.deps.network?.state?.(s.id).catch(() => null)) ?? null,
    );
    return this.start({
      folder: s.folder,
      ...(s.configPath ? { configPath: s.configPath } : {}),
      ...(network ? { network } : {}),
      ...(input.projectConfig ? { projectConfig: input.projectConfig } : {}),
      ...(input.name ? { name: input.name } : {}),
      ...(input.prompt ? { prompt: input.prompt } : {}),
      fork: {
        sessionId: s.id,
        commit,
        ...(input.copyConversation && s.containerId
          ? {
              conversation: {
                engineAddress: s.engine.address,
                containerId: s.containerId,
                user: s.containerUser,
              },
            }
          : {}),
      },
    });
  }

  /** Copies the session's transcripts to a host folder (its container may be stopped). */
  async exportConversation(id: string, folder: string): Promise<ExportResult> {
    const s = this.get(id);
    if (!s.containerId) {
      throw new AppError(
        'session-gone',
        `session ${s.name} has no container`,
        'its transcripts went with it',
      );
    }
    const engine = await this.deps.engineAt(s.engine.address);
    return exportConversation(engine, { id: s.containerId, user: s.containerUser }, folder);
  }

  remove(id: string, opts: { force?: boolean } = {}): Promise<SessionInfo> {
    return this.locked(id, async () => {
      const s = this.get(id);
      if (s.containerId) {
        try {
          const engine = await this.deps.engineAt(s.engine.address);
          await engine.removeContainer(s.containerId, { force: true });
        } catch (e) {
          if (!hasCode(e, 'container-not-found') && !opts.force) throw e;
        }
      }
      await this.records.change(id, () => null);
      // Removal keeps the host branch; listeners learnt from the store that the session is gone.
      const gone: SessionInfo = { ...s, status: 'gone', updatedAt: this.now() };
      return gone;
    });
  }

  /**
   * After a corrupt store: sessions whose containers still exist on the current engine come
   * back from their labels (base commit unknown), so no running session is orphaned.
   */
  async recoverFromContainers(): Promise<number> {
    const engine = await this.deps.getEngine();
    const found = await engine.listContainers({ [LABELS.app]: APP_LABEL_VALUE }, { all: true });
    let n = 0;
    for (const c of found) {
      const sid = c.labels[LABELS.session];
      if (!sid || this.records.get(sid)) continue;
      const state = await engine.inspectContainer(c.id);
      const rec =
        state &&
        recordFromContainer(
          state,
          { address: engine.info.address, kind: engine.info.kind },
          this.now(),
        );
      if (!rec) continue;
      await this.create(rec);
      n++;
    }
    return n;
  }

  /**
   * A reconcile in the background when the last one is older than `maxAgeMs` (listSessions
   * calls this, so a container that died or was removed outside the app shows up as such).
   */
  refreshSoon(maxAgeMs = 5000): void {
    if (this.reconciling || Date.now() - this.lastReconcile < maxAgeMs) return;
    this.reconciling = this.reconcile()
      .catch((e: unknown) => console.error('sessions: reconcile failed:', e))
      .finally(() => {
        this.reconciling = null;
      });
  }

  /** Re-reads every engine once and brings the records in line. */
  async reconcile(): Promise<void> {
    this.lastReconcile = Date.now();
    if (this.storeProblem && !this.recovered) {
      this.recovered = true;
      await this.recoverFromContainers().catch((e: unknown) =>
        console.error('sessions: could not recover sessions from containers:', e),
      );
    }
    const byEngine = new Map<string, SessionInfo[]>();
    for (const s of this.records.all()) {
      byEngine.set(s.engine.address, [...(byEngine.get(s.engine.address) ?? []), s]);
    }
    for (const [address, sessions] of byEngine) {
      let view: EngineView;
      try {
        const engine = await this.deps.engineAt(address);
        view = {
          reachable: true,
          containers: await engine.listContainers({ [LABELS.app]: APP_LABEL_VALUE }, { all: true }),
        };
      } catch (e) {
        view = {
          reachable: false,
          message: `the engine at ${address} did not answer: ${(e as Error).message}`,
        };
      }
      for (const s of sessions) {
        // Judged on the record as stored now: another process may have changed it meanwhile.
        await this.records.change(s.id, (current) =>
          current && current.status === 'starting' && this.startIsLive(current)
            ? current
            : current && reconcileRecord(current, view, this.now()),
        );
      }
    }
    // Adopted running sessions get their agent's terminal back when the agent survived.
    for (const s of this.records.all()) {
      if (s.status === 'running') void this.deps.launcher?.resume?.(s).catch(() => false);
    }
  }

  /** A start still under way, in this process or in another one that still runs. */
  private startIsLive(s: SessionInfo): boolean {
    if (this.starting.has(s.id)) return true;
    if (!s.startedBy || isThisProcess(s.startedBy)) return false;
    return processAlive(s.startedBy);
  }

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  /** Patches the record as stored now (another process may have changed other fields). */
  private async set(s: SessionInfo, patch: Partial<SessionInfo>): Promise<SessionInfo> {
    const after = await this.records.change(s.id, (current) => {
      if (!current) {
        throw new AppError('session-not-found', `session ${s.name} was removed meanwhile`);
      }
      const next: SessionInfo = { ...current, ...patch, updatedAt: this.now() };
      if (next.error === undefined) delete next.error;
      return this.stamp(next);
    });
    return after ?? s;
  }

  /** A new record (a start's first, or one rebuilt from a container's labels). */
  private async create(info: SessionInfo): Promise<void> {
    await this.records.change(info.id, (current, stored) => {
      if (current) throw new AppError('session-exists', `session ${info.id} exists already`);
      // Another process may have claimed the same branch name of the folder meanwhile.
      const rival = stored.find(
        (r) => r.id !== info.id && r.folder === info.folder && r.branch === info.branch,
      );
      if (rival) {
        throw new AppError(
          'branch-taken',
          `session ${rival.name} already uses the branch ${info.branch}`,
          'start again: a new session gets a new branch name',
        );
      }
      return this.stamp(info);
    });
  }

  /** A change to an existing record; a record removed meanwhile (by any process) stays removed. */
  private async commit(info: SessionInfo): Promise<void> {
    await this.records.change(info.id, (current) => {
      if (!current) {
        throw new AppError(
          'session-removed',
          `session ${info.name} was removed while it was starting`,
        );
      }
      return this.stamp(info);
    });
  }

  /** A starting record names its process, so other processes leave it be while it runs. */
  private stamp(info: SessionInfo): SessionInfo {
    if (info.status === 'starting') return { ...info, startedBy: thisProcess() };
    if (!info.startedBy) return info;
    const rest = { ...info };
    delete rest.startedBy;
    return rest;
  }

  private locked<T>(id: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(id, fn);
  }
}
