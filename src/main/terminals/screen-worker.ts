/**
 * The headless screen in a worker thread, so parsing a flood of output uses another core and
 * never blocks the main process's event loop (which serves every window's IPC). Messages keep
 * their order, so a resize or snapshot still applies exactly between the chunks around it.
 *
 * The worker is plain JavaScript evaluated from a string (no separate bundle entry to ship);
 * it resolves @xterm/headless from the paths the main process resolves its own modules from.
 * If it cannot start, the screen falls back to parsing in this thread, replaying what it got.
 */
import { Worker } from 'node:worker_threads';
import { InlineScreen, type Screen } from './screen';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const load = (name) => require(require.resolve(name, { paths: workerData.paths }));
const { Terminal } = load('@xterm/headless');
const { SerializeAddon } = load('@xterm/addon-serialize');
const term = new Terminal({ cols: workerData.cols, rows: workerData.rows, scrollback: workerData.scrollback, allowProposedApi: true });
const ser = new SerializeAddon();
term.loadAddon(ser);
let parsed = 0;
let reporting = false;
const report = () => { reporting = false; const n = parsed; parsed = 0; if (n) parentPort.postMessage({ t: 'p', n }); };
parentPort.on('message', (m) => {
  if (m.t === 'w') term.write(m.d, () => { parsed += m.d.length; if (!reporting) { reporting = true; setImmediate(report); } });
  else if (m.t === 'r') term.write('', () => term.resize(m.c, m.r));
  else if (m.t === 's') term.write('', () => { report(); parentPort.postMessage({ t: 's', id: m.id, s: ser.serialize(), c: term.cols, r: term.rows }); });
  else if (m.t === 'x') { term.dispose(); parentPort.close(); }
});
parentPort.postMessage({ t: 'ready' });
`;

type Msg =
  | { t: 'w'; d: string | Uint8Array }
  | { t: 'r'; c: number; r: number }
  | { t: 's'; id: number }
  | { t: 'x' };
type Reply =
  { t: 'ready' } | { t: 'p'; n: number } | { t: 's'; id: number; s: string; c: number; r: number };

function modulePaths(): string[] {
  // CommonJS builds (the packaged app) know where their node_modules are; ESM (tests) use cwd.
  const main = typeof require === 'function' ? require.main : undefined;
  return [...(main?.paths ?? []), process.cwd()];
}

export class WorkerScreen implements Screen {
  pending = 0;
  onParsed: () => void = () => undefined;
  private worker: Worker | null;
  private fallback: InlineScreen | null = null;
  private ready = false;
  /** What was sent before the worker said it is ready: replayed inline if it never does. */
  private early: Msg[] = [];
  private readonly snapshots = new Map<
    number,
    (s: { serialized: string; cols: number; rows: number }) => void
  >();
  private nextId = 1;
  private disposed = false;

  constructor(
    private colsNow: number,
    private rowsNow: number,
    readonly scrollback: number,
  ) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { cols: colsNow, rows: rowsNow, scrollback, paths: modulePaths() },
    });
    this.worker.unref();
    this.worker.on('message', (m: Reply) => this.onMessage(m));
    this.worker.on('error', () => this.fallBack());
    this.worker.on('exit', () => {
      if (!this.disposed) this.fallBack();
    });
  }

  /** True while parsing happens in the worker (false after falling back to this thread). */
  get inWorker(): boolean {
    return this.ready && !this.fallback;
  }

  get cols(): number {
    return this.fallback?.cols ?? this.colsNow;
  }
  get rows(): number {
    return this.fallback?.rows ?? this.rowsNow;
  }

  private onMessage(m: Reply): void {
    if (m.t === 'ready') {
      this.ready = true;
      this.early = [];
    } else if (m.t === 'p') {
      this.pending -= m.n;
      this.onParsed();
    } else if (m.t === 's') {
      this.colsNow = m.c;
      this.rowsNow = m.r;
      this.snapshots.get(m.id)?.({ serialized: m.s, cols: m.c, rows: m.r });
      this.snapshots.delete(m.id);
    }
  }

  private send(m: Msg): void {
    if (this.fallback) return this.apply(this.fallback, m);
    if (!this.ready) {
      // Kept for a replay, so cloned rather than moved.
      this.early.push(m);
      this.worker?.postMessage(m);
    } else if (m.t === 'w' && typeof m.d !== 'string') {
      // A copy of just these bytes (a Buffer may view a larger pool), moved, not cloned again.
      const bytes = new Uint8Array(m.d);
      this.worker?.postMessage({ t: 'w', d: bytes } satisfies Msg, [bytes.buffer]);
    } else {
      this.worker?.postMessage(m);
    }
  }

  private apply(screen: InlineScreen, m: Msg): void {
    if (m.t === 'w') screen.write(m.d);
    else if (m.t === 'r') screen.resize(m.c, m.r);
    else if (m.t === 's')
      void screen
        .snapshot()
        .then((s) => this.onMessage({ t: 's', id: m.id, s: s.serialized, c: s.cols, r: s.rows }));
  }

  private fallBack(): void {
    if (this.fallback || this.disposed) return;
    const screen = new InlineScreen(this.colsNow, this.rowsNow, this.scrollback);
    screen.onParsed = () => {
      this.pending = screen.pending;
      this.onParsed();
    };
    this.fallback = screen;
    this.worker = null;
    // Lost once the worker is gone: whatever it had not confirmed. Before "ready" that is all
    // of it, replayed here; after, only in-flight data (the worker does not die mid-session).
    const replay = this.ready ? [] : this.early;
    this.early = [];
    this.pending = 0;
    for (const m of replay) this.apply(screen, m);
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
    if (this.disposed) return Promise.resolve({ serialized: '', cols: this.cols, rows: this.rows });
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
    this.worker?.postMessage({ t: 'x' } satisfies Msg);
    this.fallback?.dispose();
    for (const resolve of this.snapshots.values())
      resolve({ serialized: '', cols: this.cols, rows: this.rows });
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
