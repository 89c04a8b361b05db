/**
 * Connects one xterm instance to one terminal of the main process, with no React or store in
 * the data path: output events go through an OutputQueue into xterm (which also acknowledges
 * them for flow control, and skips what a flood scrolls by unseen), and the screen is restored
 * from the main process's snapshot on every (re)attach. DOM-free, so it is tested against
 * @xterm/headless.
 *
 * Ordering: events are subscribed to before attaching; those that arrive before the snapshot
 * are held, then only events with seq > snapshot.seq are written. A gap in seq (events lost
 * while a socket reconnected) triggers a fresh attach.
 */
import type { Api } from '../../../../shared/contract';
import { OutputQueue } from './output-queue';

export interface XtermLike {
  readonly cols: number;
  readonly rows: number;
  options: { scrollback?: number };
  write(data: string, callback?: () => void): void;
  resize(cols: number, rows: number): void;
  reset(): void;
  onData(listener: (data: string) => void): { dispose(): void };
}

export type TerminalApi = Pick<
  Api,
  | 'attachTerminal'
  | 'detachTerminal'
  | 'writeTerminal'
  | 'resizeTerminal'
  | 'ackTerminal'
  | 'scrollTerminal'
  | 'onTerminalOutput'
  | 'onTerminalResized'
  | 'onTerminalExit'
>;

type Output = { terminalId: string; data: string; seq: number };

export function newViewerId(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return `v-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export class TerminalController {
  private live = false;
  private held: Output[] = [];
  private lastSeq = 0;
  private readonly queue: OutputQueue;
  private readonly unsubscribe: (() => void)[] = [];
  private disposed = false;
  private attaching: Promise<void> | null = null;
  exitCode: number | null = null;

  constructor(
    private readonly term: XtermLike,
    private readonly api: TerminalApi,
    readonly terminalId: string,
    readonly viewerId: string = newViewerId(),
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {
    this.queue = new OutputQueue(term, (chars) =>
      this.api
        .ackTerminal({ terminalId: this.terminalId, viewerId: this.viewerId, chars })
        .catch(this.onError),
    );
  }

  /** Characters of output skipped because a flood scrolled them by unseen (since the attach). */
  get skipped(): number {
    return this.queue.skipped;
  }

  /** Subscribes, attaches and draws the current screen. */
  start(): Promise<void> {
    this.unsubscribe.push(
      this.api.onTerminalOutput((p) => this.onOutput(p)),
      this.api.onTerminalResized((p) => {
        if (p.terminalId !== this.terminalId || !this.live) return;
        // In order with the output: what came before was laid out for the old size.
        this.queue.pushResize(p.cols, p.rows);
      }),
      this.api.onTerminalExit((p) => {
        if (p.terminalId === this.terminalId) this.exitCode = p.exitCode;
      }),
    );
    const input = this.term.onData((data) => {
      this.api
        .writeTerminal({ terminalId: this.terminalId, data, viewerId: this.viewerId })
        .catch(this.onError);
    });
    this.unsubscribe.push(() => input.dispose());
    return this.attach();
  }

  /** (Re)draws from a fresh snapshot; safe to call again, e.g. after a reconnect. */
  attach(): Promise<void> {
    this.attaching ??= this.doAttach().finally(() => (this.attaching = null));
    return this.attaching;
  }

  private async doAttach(): Promise<void> {
    this.live = false;
    this.held = [];
    const snap = await this.api.attachTerminal({
      terminalId: this.terminalId,
      viewerId: this.viewerId,
    });
    if (this.disposed) return;
    // What waits is superseded by the snapshot; xterm finishes the write it has first, so the
    // reset below is not followed by old output.
    await this.queue.reset();
    if (this.disposed) return;
    this.exitCode = snap.exitCode;
    this.term.reset();
    this.term.options.scrollback = snap.scrollback;
    if (snap.cols !== this.term.cols || snap.rows !== this.term.rows)
      this.term.resize(snap.cols, snap.rows);
    this.queue.pushSnapshot(snap.serialized);
    this.lastSeq = snap.seq;
    this.live = true;
    const held = this.held;
    this.held = [];
    for (const o of held) this.onOutput(o);
  }

  private onOutput(p: Output): void {
    if (p.terminalId !== this.terminalId || this.disposed) return;
    if (!this.live) {
      this.held.push(p);
      return;
    }
    if (p.seq <= this.lastSeq) return;
    if (p.seq !== this.lastSeq + 1) {
      // Output was lost on the way: the snapshot is the only exact way back.
      void this.attach().catch(this.onError);
      return;
    }
    this.lastSeq = p.seq;
    this.queue.push(p.data);
  }

  /** This viewer's size; the terminal takes it (this viewer is now the active one). */
  resize(cols: number, rows: number): void {
    if (cols === this.term.cols && rows === this.term.rows) return;
    this.term.resize(cols, rows);
    this.api
      .resizeTerminal({ terminalId: this.terminalId, cols, rows, viewerId: this.viewerId })
      .catch(this.onError);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.queue.dispose();
    for (const u of this.unsubscribe.splice(0)) u();
    this.api
      .detachTerminal({ terminalId: this.terminalId, viewerId: this.viewerId })
      .catch(() => undefined);
  }
}
