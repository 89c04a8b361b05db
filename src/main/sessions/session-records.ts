/**
 * This process's view of the shared session store: every change is applied to the record as it
 * is on disk now (under the store's lock), and changes made by other processes on the same data
 * dir (the desktop app beside `claude-run`, two web servers) are picked up by polling the file,
 * so each process emits `sessionStatus` for every change whoever made it.
 */
import type { SessionInfo } from '../../shared/schemas/session';
import type { EventBus } from '../events';
import type { SessionStore, StoreLoad } from './store';

/** The new record, null to delete it, or the same object (or undefined) to leave it be. */
export type RecordChange = (
  current: SessionInfo | undefined,
  stored: readonly SessionInfo[],
) => SessionInfo | null | undefined;

export class SessionRecords {
  private readonly map = new Map<string, SessionInfo>();
  private readonly listeners = new Set<(all: SessionInfo[]) => void>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;

  constructor(
    private readonly store: SessionStore,
    private readonly bus: EventBus,
    private readonly now: () => string,
  ) {}

  all(): SessionInfo[] {
    return [...this.map.values()];
  }

  get(id: string): SessionInfo | undefined {
    return this.map.get(id);
  }

  async load(): Promise<StoreLoad> {
    const loaded = await this.store.load();
    this.map.clear();
    for (const s of loaded.sessions) this.map.set(s.id, s);
    return loaded;
  }

  /** Changes one record as stored now; returns it as it is after the change (null: absent). */
  async change(id: string, fn: RecordChange): Promise<SessionInfo | null> {
    let result: SessionInfo | null = null;
    const list = await this.store.update((sessions) => {
      const i = sessions.findIndex((s) => s.id === id);
      const current = i >= 0 ? sessions[i] : undefined;
      const next = fn(current, sessions);
      if (next === undefined || next === current) {
        result = current ?? null;
        return null;
      }
      result = next;
      if (next === null) return sessions.filter((s) => s.id !== id);
      return i >= 0 ? sessions.map((s, j) => (j === i ? next : s)) : [...sessions, next];
    });
    this.adopt(list);
    return result;
  }

  /** Re-reads the store when another process changed it. */
  async refresh(): Promise<void> {
    if (!(await this.store.changedSinceSeen())) return;
    const { sessions } = await this.store.load();
    this.adopt(sessions);
  }

  /** Polls for other processes' changes until `dispose`. */
  watch(intervalMs = 500): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.polling) return;
      this.polling = this.refresh()
        .catch((e: unknown) => console.error('sessions: could not re-read the store:', e))
        .finally(() => {
          this.polling = null;
        });
    }, intervalMs);
    this.timer.unref();
  }

  /** Called with every record after any change is adopted (watchers follow the list). */
  onChange(listener: (all: SessionInfo[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Takes the stored list as the truth and announces every record that differs. */
  private adopt(list: SessionInfo[]): void {
    const changed: SessionInfo[] = [];
    const gone: SessionInfo[] = [];
    const ids = new Set(list.map((s) => s.id));
    for (const [id, old] of this.map) {
      if (!ids.has(id)) {
        this.map.delete(id);
        gone.push({ ...old, status: 'gone', updatedAt: this.now() });
      }
    }
    for (const s of list) {
      const old = this.map.get(s.id);
      if (!old || JSON.stringify(old) !== JSON.stringify(s)) {
        this.map.set(s.id, s);
        changed.push(s);
      }
    }
    for (const s of gone) this.bus.emit('sessionStatus', s);
    for (const s of changed) this.bus.emit('sessionStatus', s);
    if (gone.length + changed.length > 0) {
      const all = this.all();
      for (const l of this.listeners) l(all);
    }
  }
}
