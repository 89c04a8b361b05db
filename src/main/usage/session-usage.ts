/**
 * One running session's usage: its record (loaded from disk, so counting goes on where it
 * stopped), the container watcher sending new transcript bytes, and after each round of new
 * lines the record written back and the new figures announced. When the watcher ends (container
 * restart, lost connection, a stream out of step) it is started again with backoff from the
 * offsets of the complete lines read so far.
 */
import type { SessionInfo } from '../../shared/schemas/session';
import type { SessionUsage } from '../../shared/schemas/usage';
import type { Engine } from '../engine/types';
import { filesTar } from '../git/snapshot-tar';
import { KIT_DIR } from '../kit/index';
import { usageWatch } from '../kit/usage-watch';
import { TranscriptFeed } from './feed';
import { type CountedElsewhere, type UsageRecord, UsageTally, emptyRecord } from './record';
import { sessionUsage } from './report';
import type { UsageStore } from './store';
import { parseTranscriptLine } from './transcript';
import { UsageWatcher } from './watcher';
import { sessionWatchRestart } from '../kit/watch-exec';

/** Files one session's record follows at most (the agent can make any number). */
export const MAX_FILES = 2000;

export interface SessionUsageDeps {
  engine: Engine;
  store: UsageStore;
  interval?: number;
  onChange(usage: SessionUsage): void;
  onProblem?(message: string): void;
  /** Messages other sessions counted (a fork's copied conversation); learns this one's record. */
  elsewhere?: CountedElsewhere & { learn(record: UsageRecord): void };
}

export class SessionUsageWatch {
  private watcher: UsageWatcher | null = null;
  private stopped = false;
  private record: UsageRecord | null = null;
  private tally: UsageTally | null = null;
  private feed: TranscriptFeed | null = null;
  private changed = false;
  private moved = false;
  /** Unwritten progress, and the timer that writes it (at most one write a second). */
  private dirty = false;
  private writeTimer: NodeJS.Timeout | null = null;
  private lastWrite = 0;
  private readonly restart = sessionWatchRestart({
    engine: () => this.deps.engine,
    session: () => this.session,
    restart: () => this.connect(),
    stopped: () => this.stopped,
  });
  private writing: Promise<void> = Promise.resolve();
  private writeQueued = false;
  private warnedFiles = false;
  private kitPlaced = false;

  constructor(
    public session: SessionInfo,
    private readonly deps: SessionUsageDeps,
  ) {}

  /** The figures counted so far (null before the record is loaded). */
  current(): UsageRecord | null {
    return this.record;
  }

  async start(): Promise<void> {
    this.stopped = false;
    if (!this.record) {
      const record =
        (await this.deps.store.read(this.session.id).catch(() => null)) ??
        emptyRecord(this.session.id);
      if (this.stopped) return;
      this.record = record;
      this.deps.elsewhere?.learn(record);
      this.tally = new UsageTally(record, this.deps.elsewhere);
      this.feed = new TranscriptFeed(record.files, (line) => this.onLine(line));
    }
    await this.connect();
  }

  private async connect(): Promise<void> {
    const s = this.session;
    if (this.stopped || !s.containerId || !this.feed) return;
    this.feed.resetPending();
    const watcher = new UsageWatcher({
      engine: this.deps.engine,
      containerId: s.containerId,
      user: s.containerUser,
      offsets: this.feed.offsets(),
      ...(this.deps.interval !== undefined ? { interval: this.deps.interval } : {}),
      onChunk: (path, offset, bytes) => this.onChunk(watcher, path, offset, bytes),
      onRound: () => this.onRound(),
      onEnd: (reason, code) => this.onEnd(watcher, reason, code),
    });
    this.watcher = watcher;
    try {
      await watcher.start();
    } catch (e) {
      if (this.watcher === watcher) this.watcher = null;
      this.deps.onProblem?.(
        `the usage watcher could not start: ${e instanceof Error ? e.message : String(e)}`,
      );
      this.scheduleRestart();
    }
  }

  private onChunk(watcher: UsageWatcher, path: string, offset: number, bytes: Buffer): void {
    if (watcher !== this.watcher || !this.record || !this.feed) return;
    if (!(path in this.record.files) && Object.keys(this.record.files).length >= MAX_FILES) {
      if (!this.warnedFiles) this.deps.onProblem?.(`more than ${MAX_FILES} transcript files`);
      this.warnedFiles = true;
      return;
    }
    if (this.feed.chunk(path, offset, bytes) === 'out-of-step') {
      // Bytes from somewhere the host did not expect: start over from the known offsets.
      watcher.stop();
      this.watcher = null;
      this.scheduleRestart();
      return;
    }
    this.moved = true;
  }

  private onLine(line: string): void {
    const entry = parseTranscriptLine(line);
    if (entry && this.tally?.add(entry)) this.changed = true;
  }

  private onRound(): void {
    this.restart.working();
    if (this.changed && this.record) this.deps.onChange(sessionUsage(this.record));
    this.changed = false;
    if (this.moved) this.schedulePersist();
    this.moved = false;
  }

  /**
   * A busy agent writes many rounds a second; the record (with every message key) is written
   * at most once a second. A crash loses at most that second, read again on the next start.
   */
  private schedulePersist(): void {
    this.dirty = true;
    if (this.writeTimer) return;
    const wait = Math.max(0, this.lastWrite + 1000 - Date.now());
    this.writeTimer = setTimeout(() => {
      this.writeTimer = null;
      void this.persist();
    }, wait);
  }

  /** Writes the record; writes never overlap, and one queued write covers any number of rounds. */
  persist(): Promise<void> {
    if (!this.record) return this.writing;
    if (this.writeQueued) return this.writing;
    this.writeQueued = true;
    this.dirty = false;
    const record = this.record;
    this.writing = this.writing.then(async () => {
      this.writeQueued = false;
      this.lastWrite = Date.now();
      await this.deps.store.write(record).catch((e: unknown) => {
        this.deps.onProblem?.(
          `the usage record could not be written: ${e instanceof Error ? e.message : String(e)}`,
        );
      });
    });
    return this.writing;
  }

  private onEnd(watcher: UsageWatcher, reason: string, code: number | null): void {
    if (watcher !== this.watcher) return;
    this.watcher = null;
    if (this.stopped) return;
    // 126/127: the script is not in the container (started by an app version without it).
    if ((code === 126 || code === 127) && !this.kitPlaced) {
      this.kitPlaced = true;
      void this.placeScript().then(
        () => this.connect(),
        (e: unknown) => {
          this.deps.onProblem?.(
            `${reason}; the usage script could not be added: ${e instanceof Error ? e.message : String(e)}`,
          );
          this.scheduleRestart();
        },
      );
      return;
    }
    this.scheduleRestart();
  }

  /** Copies the kit's usage script into the running container (root-owned, like the kit). */
  private async placeScript(): Promise<void> {
    const root = { uid: 0, gid: 0 };
    const dirs = ['/opt', '/opt/ccr', KIT_DIR].map((path) => ({ path, mode: 0o755, ...root }));
    await this.deps.engine.putArchive(
      this.session.containerId!,
      '/',
      filesTar([
        ...dirs,
        { path: usageWatch.path, mode: usageWatch.mode, content: usageWatch.content, ...root },
      ]),
    );
  }

  private scheduleRestart(): void {
    this.restart.schedule();
  }

  /**
   * Stops watching; resolves when the record is on disk. `write: false` drops progress not
   * written yet (the session left the records: another process may have removed its file).
   */
  async stop(opts: { write?: boolean } = {}): Promise<void> {
    this.stopped = true;
    this.restart.cancel();
    this.watcher?.stop();
    this.watcher = null;
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = null;
    if (this.dirty && opts.write !== false) await this.persist();
    await this.writing;
  }
}
