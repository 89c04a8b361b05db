/**
 * Headless screens parsed in worker threads, so a flood of output uses another core and never
 * blocks the main process's event loop (which serves every window's IPC). A small pool of
 * workers (one per spare core, at most two) hosts all terminals' screens: a worker costs about
 * 10 MB, a screen in it little more than its scrollback. Messages keep their order, so a resize
 * or snapshot still applies exactly between the chunks around it. The worker's program, and how
 * it skips what a flood scrolls away, is in screen-worker-source.ts.
 *
 * If a worker cannot start, its screens fall back to parsing in this thread, replaying what
 * they had sent; if one dies later, its screens start over blank in this thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InlineScreen, type Screen } from './screen';
import { SCREEN_DELAY_MS, SCREEN_WINDOW_BYTES, WORKER_SOURCE } from './screen-worker-source';

type Op =
  | { t: 'w'; d: string | Uint8Array }
  | { t: 'r'; c: number; r: number }
  | { t: 's'; id: number }
  | { t: 'x' };
type Msg = (Op | { t: 'o'; c: number; r: number; sb: number }) & { k: number };
type Reply =
  | { t: 'ready' }
  | { t: 'warn'; m: string }
  | { t: 'p'; k: number; n: number }
  | { t: 's'; k: number; id: number; s: string; c: number; r: number; sk?: number };

function modulePaths(): string[] {
  // CommonJS builds (the packaged app) know where their node_modules are; ESM (tests) use cwd.
  const main = typeof require === 'function' ? require.main : undefined;
  return [...(main?.paths ?? []), process.cwd()];
}

/** One worker thread and the screens it hosts. */
class ScreenHost {
  ready = false;
  failed = false;
  readonly screens = new Map<number, WorkerScreen>();
  private readonly worker: Worker;

  constructor(private readonly onGone: (host: ScreenHost) => void) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        paths: modulePaths(),
        windowBytes: SCREEN_WINDOW_BYTES,
        delayMs: SCREEN_DELAY_MS,
      },
    });
    this.worker.on('message', (m: Reply) => {
      if (m.t === 'ready') {
        this.ready = true;
        for (const s of this.screens.values()) s.hostReady();
      } else if (m.t === 'warn') {
        console.error(`terminals: ${m.m}`);
      } else {
        this.screens.get(m.k)?.reply(m);
      }
    });
    const fail = () => {
      if (this.failed) return;
      this.failed = true;
      this.onGone(this);
      for (const s of [...this.screens.values()]) s.fallBack();
      this.screens.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', fail);
    this.worker.unref();
  }

  add(k: number, screen: WorkerScreen): void {
    this.screens.set(k, screen);
    // Alive while it hosts screens (a pending snapshot must be answered), never after.
    this.worker.ref();
  }

  post(m: Msg, transfer?: ArrayBuffer[]): void {
    if (!this.failed) this.worker.postMessage(m, transfer);
  }

  remove(k: number): void {
    this.screens.delete(k);
    if (this.screens.size === 0) this.worker.unref();
  }
}

const OUTGOING_BATCH = 64 * 1024;
const OUTGOING_DELAY_MS = 10;

const hosts: ScreenHost[] = [];
let nextKey = 1;

function poolSize(): number {
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

/** The host with the fewest screens, starting another worker while the pool is not full. */
function pickHost(): ScreenHost {
  const free = hosts.find((h) => h.screens.size === 0);
  if (free) return free;
  if (hosts.length < poolSize()) {
    const host = new ScreenHost((gone) => {
      const i = hosts.indexOf(gone);
      if (i >= 0) hosts.splice(i, 1);
    });
    hosts.push(host);
    return host;
  }
  return hosts.reduce((a, b) => (b.screens.size < a.screens.size ? b : a));
}

export class WorkerScreen implements Screen {
  pending = 0;
  /** Output the worker skipped as scrolled away (as of the last snapshot). */
  skipped = 0;
  onParsed: () => void = () => undefined;
  private readonly key = nextKey++;
  private host: ScreenHost | null;
  private fallback: InlineScreen | null = null;
  /** What was sent before the worker said it is ready: replayed inline if it never does. */
  private early: Op[] = [];
  private readonly snapshots = new Map<
    number,
    (s: { serialized: string; cols: number; rows: number }) => void
  >();
  private nextId = 1;
  private disposed = false;
  /** Output on its way to the worker, posted per OUTGOING_BATCH or after OUTGOING_DELAY_MS. */
  private outgoing: (string | Uint8Array)[] = [];
  private outgoingLen = 0;
  private outgoingTimer: NodeJS.Timeout | null = null;

  constructor(
    private colsNow: number,
    private rowsNow: number,
    readonly scrollback: number,
  ) {
    this.host = pickHost();
    this.host.add(this.key, this);
    this.host.post({ t: 'o', k: this.key, c: colsNow, r: rowsNow, sb: scrollback });
  }

  /** True while parsing happens in a worker (false after falling back to this thread). */
  get inWorker(): boolean {
    return !!this.host?.ready && !this.fallback;
  }

  get cols(): number {
    return this.fallback?.cols ?? this.colsNow;
  }
  get rows(): number {
    return this.fallback?.rows ?? this.rowsNow;
  }

  /** Called by the host. */
  hostReady(): void {
    this.early = [];
  }

  /** Called by the host. */
  reply(m: Exclude<Reply, { t: 'ready' } | { t: 'warn' }>): void {
    if (m.t === 'p') {
      this.pending -= m.n;
      this.onParsed();
    } else {
      this.colsNow = m.c;
      this.rowsNow = m.r;
      if (m.sk !== undefined) this.skipped = m.sk;
      this.snapshots.get(m.id)?.({ serialized: m.s, cols: m.c, rows: m.r });
      this.snapshots.delete(m.id);
    }
  }

  private send(op: Op): void {
    if (this.fallback) return this.apply(this.fallback, op);
    const host = this.host!;
    if (host.ready && op.t === 'w') {
      // Engines deliver TTY output in ~4 KB reads; a message per read costs more than the bytes.
      this.outgoing.push(op.d);
      this.outgoingLen += op.d.length;
      if (this.outgoingLen >= OUTGOING_BATCH) this.sendOutgoing();
      else this.outgoingTimer ??= setTimeout(() => this.sendOutgoing(), OUTGOING_DELAY_MS);
      return;
    }
    this.sendOutgoing();
    if (!host.ready) {
      // Kept for a replay, so cloned rather than moved.
      this.early.push(op);
      host.post({ ...op, k: this.key });
    } else {
      host.post({ ...op, k: this.key });
    }
  }

  /** Posts the gathered output: one message per run of text or of bytes, in order. */
  private sendOutgoing(): void {
    if (this.outgoingTimer) clearTimeout(this.outgoingTimer);
    this.outgoingTimer = null;
    if (this.outgoing.length === 0) return;
    const parts = this.outgoing;
    this.outgoing = [];
    this.outgoingLen = 0;
    if (this.fallback) {
      for (const d of parts) this.fallback.write(d);
      return;
    }
    const host = this.host;
    if (!host || this.disposed) return;
    for (let i = 0; i < parts.length;) {
      let j = i + 1;
      const text = typeof parts[i] === 'string';
      while (j < parts.length && (typeof parts[j] === 'string') === text) j++;
      const run = parts.slice(i, j);
      if (text) {
        host.post({ t: 'w', d: run.join(''), k: this.key });
      } else {
        // One copy of just these bytes (a Buffer may view a larger pool), moved, not cloned.
        const bytes = new Uint8Array(run.reduce((n, d) => n + d.length, 0));
        let at = 0;
        for (const d of run as Uint8Array[]) {
          bytes.set(d, at);
          at += d.length;
        }
        host.post({ t: 'w', d: bytes, k: this.key }, [bytes.buffer]);
      }
      i = j;
    }
  }

  private apply(screen: InlineScreen, op: Op): void {
    if (op.t === 'w') screen.write(op.d);
    else if (op.t === 'r') screen.resize(op.c, op.r);
    else if (op.t === 's') {
      void screen
        .snapshot()
        .then((s) =>
          this.reply({ t: 's', k: this.key, id: op.id, s: s.serialized, c: s.cols, r: s.rows }),
        );
    }
  }

  /** Called by the host when its worker failed or died. */
  fallBack(): void {
    if (this.fallback || this.disposed) return;
    const screen = new InlineScreen(this.colsNow, this.rowsNow, this.scrollback);
    screen.onParsed = () => {
      this.pending = screen.pending;
      this.onParsed();
    };
    const replay = this.host?.ready ? [] : this.early;
    this.fallback = screen;
    this.host = null;
    this.early = [];
    this.pending = 0;
    for (const op of replay) this.apply(screen, op);
    this.sendOutgoing();
  }

  write(data: string | Uint8Array): void {
    if (this.disposed) return;
    this.pending += data.length;
    this.send({ t: 'w', d: data });
  }

  resize(cols: number, rows: number): void {
    if (this.disposed) return;
    this.colsNow = cols;
    this.rowsNow = rows;
    this.send({ t: 'r', c: cols, r: rows });
  }

  snapshot(): Promise<{ serialized: string; cols: number; rows: number }> {
    if (this.disposed) {
      return Promise.resolve({ serialized: '', cols: this.cols, rows: this.rows });
    }
    const id = this.nextId++;
    const done = new Promise<{ serialized: string; cols: number; rows: number }>((resolve) =>
      this.snapshots.set(id, resolve),
    );
    this.send({ t: 's', id });
    return done;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.outgoingTimer) clearTimeout(this.outgoingTimer);
    this.outgoing = [];
    this.host?.post({ t: 'x', k: this.key });
    this.host?.remove(this.key);
    this.fallback?.dispose();
    for (const resolve of this.snapshots.values()) {
      resolve({ serialized: '', cols: this.cols, rows: this.rows });
    }
    this.snapshots.clear();
  }
}

export type ScreenMode = 'worker' | 'inline';

export function createScreen(
  cols: number,
  rows: number,
  scrollback: number,
  mode: ScreenMode = 'worker',
): Screen {
  if (mode === 'inline') return new InlineScreen(cols, rows, scrollback);
  try {
    return new WorkerScreen(cols, rows, scrollback);
  } catch {
    return new InlineScreen(cols, rows, scrollback);
  }
}
