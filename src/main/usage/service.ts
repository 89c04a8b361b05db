/**
 * The usage domain: in the one process the data dir's election chose (setActive), a usage
 * watcher per running session; in every process, the figures from the records on disk. Processes
 * that do not run the watchers follow the records folder, so their clients (a second app, the
 * web UI of a CLI process) still see the figures move.
 */
import { type FSWatcher, mkdirSync, watch } from 'node:fs';
import type { SessionInfo } from '../../shared/schemas/session';
import { SessionId } from '../../shared/schemas/session';
import type { SessionUsage, UsageReport } from '../../shared/schemas/usage';
import type { EventBus } from '../events';
import type { Engine } from '../engine/types';
import type { UsageRecord } from './record';
import { sessionUsage, usageReport } from './report';
import { SessionUsageWatch } from './session-usage';
import { UsageStore } from './store';

export interface UsageServiceDeps {
  bus: EventBus;
  dataDir: string;
  engineFor(session: SessionInfo): Promise<Engine>;
  /** Seconds between the container script's looks (tests make it shorter). */
  interval?: number;
}

export class UsageService {
  readonly store: UsageStore;
  private active = false;
  private disposed = false;
  private readonly watches = new Map<string, SessionUsageWatch>();
  /** The latest record seen per session, so a sync that changes nothing starts nothing. */
  private readonly latest = new Map<string, SessionInfo>();
  private follower: FSWatcher | null = null;
  private readonly followTimers = new Map<string, NodeJS.Timeout>();
  private syncing: Promise<void> = Promise.resolve();
  /**
   * Removed sessions: a sync queued before the removal (with the session still running in its
   * list) must not start a watcher that writes the record again.
   */
  private readonly removed = new Set<string>();
  private readonly stopping = new Map<string, Promise<void>>();
  /** Which session counted each message (hashed key), over every record of the data dir. */
  private counted: Map<string, string> | null = null;

  constructor(private readonly deps: UsageServiceDeps) {
    this.store = new UsageStore(deps.dataDir);
    this.follow();
  }

  /** Becomes (or stops being) the process that runs the watchers. */
  async setActive(active: boolean, sessions: readonly SessionInfo[]): Promise<void> {
    this.active = active;
    // Another process may count while this one does not: learn the records again next time.
    if (!active) this.counted = null;
    await this.sync(sessions);
  }

  /** Brings the watchers in line with the records (one sync at a time, in order). */
  sync(sessions: readonly SessionInfo[]): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncNow(sessions)).catch(() => undefined);
    return this.syncing;
  }

  private async syncNow(sessions: readonly SessionInfo[]): Promise<void> {
    if (this.disposed) return;
    const byId = new Map(sessions.map((s) => [s.id, s]));
    for (const [id, w] of [...this.watches]) {
      const now = byId.get(id);
      if (!now || !this.wanted(now) || now.containerId !== w.session.containerId) {
        this.watches.delete(id);
        await this.stopWatch(id, w, { write: now !== undefined });
      } else {
        w.session = now;
      }
    }
    if (this.active && !this.counted) {
      // Before any watcher reads: what the records on disk counted already.
      this.counted = new Map();
      for (const r of await this.store.readAll()) this.learn(r);
    }
    for (const s of sessions) {
      this.latest.set(s.id, s);
      if (this.watches.has(s.id) || this.removed.has(s.id) || !this.wanted(s)) continue;
      let engine: Engine;
      try {
        engine = await this.deps.engineFor(s);
      } catch {
        continue;
      }
      if (
        this.disposed ||
        this.watches.has(s.id) ||
        this.removed.has(s.id) ||
        !this.wanted(this.latest.get(s.id)!)
      )
        continue;
      const w = new SessionUsageWatch(s, {
        engine,
        store: this.store,
        ...(this.deps.interval !== undefined ? { interval: this.deps.interval } : {}),
        onChange: (usage) => this.deps.bus.emit('usageChanged', usage),
        onProblem: (m) => console.warn(`usage: session ${s.id}: ${m}`),
        elsewhere: this.countedFor(s.id),
      });
      this.watches.set(s.id, w);
      void w.start().catch(() => undefined);
    }
  }

  /** Stops a watcher (its last write included); forget() waits for it. */
  private async stopWatch(
    id: string,
    w: SessionUsageWatch,
    opts: { write?: boolean } = {},
  ): Promise<void> {
    const p = w.stop(opts);
    this.stopping.set(id, p);
    try {
      await p;
    } finally {
      if (this.stopping.get(id) === p) this.stopping.delete(id);
    }
  }

  private learn(r: UsageRecord): void {
    const counted = this.counted;
    if (!counted) return;
    for (const h of r.seen) if (!counted.has(h)) counted.set(h, r.sessionId);
  }

  private countedFor(sessionId: string) {
    return {
      has: (h: string) => {
        const owner = this.counted?.get(h);
        return owner !== undefined && owner !== sessionId;
      },
      add: (h: string) => {
        if (!this.counted?.has(h)) this.counted?.set(h, sessionId);
      },
      learn: (r: UsageRecord) => this.learn(r),
    };
  }

  private wanted(s: SessionInfo): boolean {
    // 'unknown': an engine slow to answer; the watcher rides it out with its own retries.
    return (
      this.active && s.containerId !== null && (s.status === 'running' || s.status === 'unknown')
    );
  }

  /** One session's figures, or every session's, with today's total over all of them. */
  async getUsage(sessionId?: string): Promise<UsageReport> {
    const fromDisk = await this.store.readAll();
    const byId = new Map(fromDisk.map((r) => [r.sessionId, r]));
    // A watcher's record is ahead of its file between writes.
    for (const [id, w] of this.watches) {
      const r = w.current();
      if (r) byId.set(id, r);
    }
    const all = [...byId.values()].map(sessionUsage);
    const report = usageReport(all);
    if (sessionId === undefined) return report;
    const one = all.find((u) => u.sessionId === sessionId) ?? emptyUsage(sessionId);
    return { ...report, sessions: [one] };
  }

  /** A removed session's figures go with it. */
  async forget(sessionId: string): Promise<void> {
    this.removed.add(sessionId);
    const w = this.watches.get(sessionId);
    this.watches.delete(sessionId);
    this.latest.delete(sessionId);
    if (w) await this.stopWatch(sessionId, w);
    // A watcher a sync was stopping writes its last figures first; then the record goes.
    await this.stopping.get(sessionId);
    await this.store.remove(sessionId);
    if (this.counted)
      for (const [h, owner] of this.counted) if (owner === sessionId) this.counted.delete(h);
  }

  /** Another process writes the records: announce what it wrote (sessions this one watches excepted). */
  private follow(): void {
    try {
      mkdirSync(this.store.dir, { recursive: true, mode: 0o700 });
      this.follower = watch(this.store.dir, (_event, name) => {
        const file = typeof name === 'string' ? name : null;
        if (!file?.endsWith('.json')) return;
        const id = file.slice(0, -'.json'.length);
        if (!SessionId.safeParse(id).success || this.watches.has(id)) return;
        clearTimeout(this.followTimers.get(id));
        this.followTimers.set(
          id,
          setTimeout(() => {
            this.followTimers.delete(id);
            void this.announceFromDisk(id);
          }, 100),
        );
      });
      this.follower.on('error', () => undefined);
    } catch {
      // No live figures from other processes; reads still work.
      this.follower = null;
    }
  }

  private async announceFromDisk(id: string): Promise<void> {
    if (this.disposed || this.watches.has(id)) return;
    const r = await this.store.read(id).catch(() => null);
    if (r && !this.disposed) this.deps.bus.emit('usageChanged', sessionUsage(r));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.follower?.close();
    for (const t of this.followTimers.values()) clearTimeout(t);
    this.followTimers.clear();
    const watches = [...this.watches.values()];
    this.watches.clear();
    await Promise.all(watches.map((w) => w.stop()));
  }
}

export function emptyUsage(sessionId: string): SessionUsage {
  return {
    sessionId,
    tokens: { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 },
    costUsd: null,
    unpricedModels: [],
    byModel: [],
    byDay: [],
    updatedAt: null,
  };
}
