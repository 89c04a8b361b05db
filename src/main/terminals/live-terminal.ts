/**
 * One running terminal: its process (backend), its authoritative screen, its viewers and the
 * batching and flow control between them. Output is fed to the screen at once and to viewers
 * in batches (viewer-batch.ts: one per ~16 ms frame or per `maxBatch` characters, less of a
 * flood), each with a sequence number that ties it to snapshots: a snapshot taken at seq N
 * contains exactly batches 1..N.
 */
import type { TerminalInfo, TerminalSnapshot } from '../../shared/schemas/terminal';
import type { TerminalBackend } from './backend';
import { DEFAULT_FLOW, FlowControl, type FlowOptions } from './flow';
import { DEFAULT_SCROLLBACK, type Screen } from './screen';
import { createScreen, type ScreenMode } from './screen-worker';
import { seedHistory } from './history-seed';
import { type BatchOptions, DEFAULT_BATCH, ViewerBatch } from './viewer-batch';

export interface LiveTerminalEvents {
  output(payload: { terminalId: string; data: string; seq: number }): void;
  resized(payload: { terminalId: string; cols: number; rows: number }): void;
  exit(payload: { terminalId: string; exitCode: number }): void;
}

export { type BatchOptions, DEFAULT_BATCH } from './viewer-batch';

export interface LiveTerminalOptions {
  info: Omit<TerminalInfo, 'status' | 'exitCode'>;
  backend: TerminalBackend;
  events: LiveTerminalEvents;
  scrollback?: number;
  /** Parse in a worker thread (default) or in this thread. */
  screen?: ScreenMode;
  flow?: FlowOptions;
  batch?: BatchOptions;
  /** Sees every chunk of output (attention detection). */
  onOutput?: (data: string) => void;
  onInput?: (data: string) => void;
  /**
   * The terminal's history lives elsewhere (tmux): read on each attach and written ahead of
   * the screen, which then keeps no scrollback of its own. `lines` is the viewer's scrollback.
   */
  history?: { lines: number; read: () => Promise<string> };
}

export class LiveTerminal {
  readonly id: string;
  readonly screen: Screen;
  private readonly backend: TerminalBackend;
  private readonly events: LiveTerminalEvents;
  private readonly flow: FlowControl;
  private info: TerminalInfo;
  private seq = 0;
  private readonly batch: ViewerBatch;
  private staleTimer: NodeJS.Timeout | null = null;
  private readonly sizes = new Map<string, { cols: number; rows: number }>();
  private activeViewer: string | null = null;
  private readonly exited: Promise<number>;

  constructor(private readonly opts: LiveTerminalOptions) {
    this.id = opts.info.id;
    this.backend = opts.backend;
    this.events = opts.events;
    this.info = { ...opts.info, status: 'running', exitCode: null };
    this.screen = createScreen(
      opts.info.cols,
      opts.info.rows,
      opts.history ? 0 : (opts.scrollback ?? DEFAULT_SCROLLBACK),
      opts.screen,
    );
    this.flow = new FlowControl(opts.flow ?? DEFAULT_FLOW, (paused) => this.setPaused(paused));
    this.batch = new ViewerBatch(
      opts.info.rows,
      () => this.opts.history?.lines ?? this.screen.scrollback,
      (data) => this.emit(data),
      opts.batch ?? DEFAULT_BATCH,
    );
    this.screen.onParsed = () => this.flow.update(this.screen.pending);
    this.backend.onData((data, raw) => this.onData(data, raw));
    this.exited = new Promise((resolve) => {
      this.backend.onExit((exitCode) => {
        this.flush();
        this.info = { ...this.info, status: 'exited', exitCode };
        this.events.exit({ terminalId: this.id, exitCode });
        this.stopTimers();
        resolve(exitCode);
      });
    });
  }

  get snapshotInfo(): TerminalInfo {
    return this.info;
  }

  get paused(): boolean {
    return this.flow.isPaused;
  }

  whenExited(): Promise<number> {
    return this.exited;
  }

  private onData(data: string, raw?: Uint8Array): void {
    this.screen.write(raw ?? data);
    if (!data) return;
    this.opts.onOutput?.(data);
    // Without viewers nothing is sent, but the batcher still follows the stream's state.
    if (this.flow.viewerCount > 0) this.batch.push(data);
    else this.batch.pass(data);
    this.flow.update(this.screen.pending);
  }

  /** Sends the pending batch to viewers now. */
  private flush(): void {
    this.batch.flush();
  }

  private emit(data: string): void {
    this.seq += 1;
    this.flow.sent(data.length, this.screen.pending);
    this.events.output({ terminalId: this.id, data, seq: this.seq });
  }

  private setPaused(paused: boolean): void {
    if (paused) {
      this.backend.pause();
      // While paused, look again now and then: a viewer that went silent must not hold it forever.
      this.staleTimer ??= setInterval(() => this.flow.update(this.screen.pending), 1000);
    } else {
      if (this.staleTimer) clearInterval(this.staleTimer);
      this.staleTimer = null;
      this.backend.resume();
    }
  }

  /** Registers a viewer and returns the screen as of the last batch it will not receive. */
  async attach(viewerId: string): Promise<TerminalSnapshot> {
    this.flush();
    const seq = this.seq;
    // Synchronously with the flush above: the viewer is counted for every later batch, and
    // the snapshot is queued behind exactly the output of batches 1..seq.
    if (this.flow.has(viewerId)) this.flow.remove(viewerId);
    this.flow.add(viewerId);
    const screen = this.screen.snapshot();
    // Read while the snapshot is taken, a moment after it: on a busy terminal a line that
    // scrolls off in between may show twice at the seam, but none goes missing.
    const history = this.opts.history ? await this.opts.history.read().catch(() => '') : '';
    const snap = await screen;
    return {
      terminalId: this.id,
      serialized: seedHistory(history, snap.rows) + snap.serialized,
      cols: snap.cols,
      rows: snap.rows,
      seq,
      scrollback: this.opts.history?.lines ?? this.screen.scrollback,
      status: this.info.status,
      exitCode: this.info.exitCode,
    };
  }

  detach(viewerId: string): void {
    this.flow.remove(viewerId, this.screen.pending);
    this.sizes.delete(viewerId);
    if (this.activeViewer === viewerId) this.activeViewer = null;
  }

  ack(viewerId: string, chars: number): void {
    this.flow.ack(viewerId, chars, this.screen.pending);
  }

  write(data: string, viewerId?: string): void {
    if (viewerId && viewerId !== this.activeViewer) {
      // Typing makes a viewer the active one: its size rules.
      const size = this.sizes.get(viewerId);
      this.activeViewer = viewerId;
      if (size) void this.applySize(size.cols, size.rows).catch(() => undefined);
    }
    this.opts.onInput?.(data);
    this.backend.write(data);
  }

  async resize(cols: number, rows: number, viewerId: string): Promise<void> {
    this.sizes.set(viewerId, { cols, rows });
    this.activeViewer = viewerId;
    await this.applySize(cols, rows);
  }

  private async applySize(cols: number, rows: number): Promise<void> {
    if (this.info.status === 'exited') return;
    if (cols === this.info.cols && rows === this.info.rows) return;
    this.info = { ...this.info, cols, rows };
    // Output so far was laid out for the old size: viewers get it, then the new size.
    this.batch.resize(rows);
    this.screen.resize(cols, rows);
    this.events.resized({ terminalId: this.id, cols, rows });
    await this.backend.resize(cols, rows);
  }

  private stopTimers(): void {
    if (this.staleTimer) clearInterval(this.staleTimer);
    this.staleTimer = null;
    this.batch.dispose();
  }

  /** Ends the process (if running) and frees the screen. */
  close(): void {
    this.flush();
    this.stopTimers();
    this.backend.kill();
    this.screen.dispose();
  }
}
