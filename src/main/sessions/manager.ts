/**
 * SessionManager: the lasting session objects. Holds the records, persists every change,
 * emits `sessionStatus` for each, reconciles with the engines on start-up, and runs start /
 * stop / restart / remove one operation per session at a time.
 */
import { AppError } from '../../shared/errors';
import type { SessionInfo, SessionList, SessionPhase } from '../../shared/schemas/session';
import { APP_LABEL_VALUE, LABELS } from '../engine/labels';
import { agentSpec } from './agent-spec';
import { isRootUser } from './container-plan';
import type { SessionDeps } from './deps';
import { reconcileRecord, recordFromContainer, type EngineView } from './reconcile';
import { startSession, type StartRequest } from './start-session';
import { SessionStore, type StoreProblem } from './store';
import { join } from 'node:path';
import { KeyedLock } from '../keyed-lock';

export class SessionManager {
  private readonly records = new Map<string, SessionInfo>();
  private readonly store: SessionStore;
  private readonly locks = new KeyedLock();
  private storeProblem: StoreProblem | undefined;
  private recovered = false;
  private lastReconcile = 0;
  private reconciling: Promise<void> | null = null;
  /** folder NUL branch of starts in flight. */
  private readonly reserved = new Set<string>();
  /** Ids removed by the user (a start in flight for one of them stops at its next step). */
  private readonly removed = new Set<string>();

  constructor(private readonly deps: SessionDeps) {
    this.store = new SessionStore(join(deps.dataDir, 'sessions'));
  }

  /** Loads the store and reconciles it with the engines. Safe to call once at start-up. */
  async init(): Promise<{ storeProblem?: StoreProblem }> {
    const result = await this.load();
    await this.reconcile();
    return result;
  }

  /** Loads the store only (reconcile separately, it may wait for an engine). */
  async load(): Promise<{ storeProblem?: StoreProblem }> {
    const loaded = await this.store.load();
    for (const s of loaded.sessions) this.records.set(s.id, s);
    this.storeProblem = loaded.problem;
    if (loaded.problem) {
      this.deps.bus.emit('sessionStoreProblem', loaded.problem);
      console.error(`sessions: ${loaded.problem.message} (kept at ${loaded.problem.movedTo})`);
    }
    return loaded.problem ? { storeProblem: loaded.problem } : {};
  }

  list(): SessionList {
    const sessions = [...this.records.values()].sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    );
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
    const release = () => {
      for (const k of reservedKeys) this.reserved.delete(k);
    };
    const run = startSession(this.deps, req, {
      commit: (info) => this.commit(info),
      discard: async (info) => {
        this.records.delete(info.id);
        await this.persist();
        this.deps.bus.emit('sessionStatus', info);
      },
      progress: (sessionId, phase: SessionPhase, message, current, total) =>
        this.deps.bus.emit('sessionProgress', { sessionId, phase, message, current, total }),
      log: (sessionId) => (stream, text) =>
        this.deps.bus.emit('sessionLog', { sessionId, stream, text }),
      reserveBranch: (folder, branch) => {
        const key = `${folder}\0${branch}`;
        const taken = [...this.records.values()].some(
          (r) => r.folder === folder && r.branch === branch,
        );
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

  restart(id: string): Promise<SessionInfo> {
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
      await this.relaunchAgent(running);
      return running;
    });
  }

  remove(id: string, opts: { force?: boolean } = {}): Promise<SessionInfo> {
    return this.locked(id, async () => {
      const s = this.get(id);
      if (s.containerId) {
        try {
          const engine = await this.deps.engineAt(s.engine.address);
          await engine.removeContainer(s.containerId, { force: true });
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (code !== 'container-not-found' && !opts.force) throw e;
        }
      }
      this.removed.add(id);
      this.records.delete(id);
      await this.persist();
      // Removal keeps the host branch; listeners learn the session is gone.
      const gone: SessionInfo = { ...s, status: 'gone', updatedAt: this.now() };
      this.deps.bus.emit('sessionStatus', gone);
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
      if (!sid || this.records.has(sid)) continue;
      const state = await engine.inspectContainer(c.id);
      const rec =
        state &&
        recordFromContainer(
          state,
          { address: engine.info.address, kind: engine.info.kind },
          this.now(),
        );
      if (!rec) continue;
      await this.commit(rec);
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
    for (const s of this.records.values()) {
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
        const next = reconcileRecord(s, view, this.now());
        if (next !== s) await this.commit(next);
      }
    }
    // Adopted running sessions get their agent's terminal back when the agent survived.
    for (const s of this.records.values()) {
      if (s.status === 'running') void this.deps.launcher?.resume?.(s).catch(() => false);
    }
  }

  private async relaunchAgent(s: SessionInfo): Promise<void> {
    if (!this.deps.launcher) return;
    const loaded = await this.deps.loadConfig({
      projectDir: s.folder,
      configPath: s.configPath,
      env: this.deps.env,
      homeDir: this.deps.homeDir,
      platform: this.deps.platform,
    });
    if (!loaded.ok) {
      this.deps.bus.emit('sessionLog', {
        sessionId: s.id,
        stream: 'system',
        text: 'the agent was not restarted: the config has problems (open it to see them)\n',
      });
      return;
    }
    // No initial prompt on a restart: the agent picks up from the workspace as it is.
    const spec = agentSpec(
      { ...loaded.config, agent: { command: loaded.config.agent.command } },
      {
        user: s.containerUser,
        rootOnly: isRootUser(s.containerUser),
      },
    );
    await this.deps.launcher.launch(s, spec).catch((e: unknown) => {
      this.deps.bus.emit('sessionLog', {
        sessionId: s.id,
        stream: 'system',
        text: `the agent could not be restarted: ${(e as Error).message}\n`,
      });
    });
  }

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  private async set(s: SessionInfo, patch: Partial<SessionInfo>): Promise<SessionInfo> {
    const next: SessionInfo = { ...s, ...patch, updatedAt: this.now() };
    if (next.error === undefined) delete next.error;
    await this.commit(next);
    return next;
  }

  private async commit(info: SessionInfo): Promise<void> {
    // A start still running for a session the user removed must not bring its record back.
    if (this.removed.has(info.id)) {
      throw new AppError(
        'session-removed',
        `session ${info.name} was removed while it was starting`,
      );
    }
    this.records.set(info.id, info);
    await this.persist();
    this.deps.bus.emit('sessionStatus', info);
  }

  private persist(): Promise<void> {
    return this.store.save([...this.records.values()]);
  }

  private locked<T>(id: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(id, fn);
  }
}
