/**
 * The authoritative screen of one terminal, kept in the main process by @xterm/headless, so any
 * viewer that (re)connects gets exactly what is on screen (colors, cursor, modes, alternate
 * screen, scrollback) as serialized escape sequences instead of a raw replay of the output.
 *
 * Everything that changes the screen goes through xterm's write queue, in output order: a
 * resize or a snapshot queued between two chunks applies exactly between them.
 */
import { SerializeAddon } from '@xterm/addon-serialize';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { Terminal } from '@xterm/headless';

export const DEFAULT_SCROLLBACK = 10_000;

export interface Screen {
  readonly scrollback: number;
  /** Characters (or bytes, for raw data) written and not parsed yet (flow control watches it). */
  readonly pending: number;
  /** Called whenever written data has been parsed (pending went down). */
  onParsed: () => void;
  /** Text, or raw UTF-8 bytes (a character may continue in the next write). */
  write(data: string | Uint8Array): void;
  /** Resizes after everything written so far is parsed, before anything written later. */
  resize(cols: number, rows: number): void;
  /** The screen as of everything written before this call. */
  snapshot(): Promise<{ serialized: string; cols: number; rows: number }>;
  dispose(): void;
}

/** Parses in this thread. */
export class InlineScreen implements Screen {
  private readonly term: Terminal;
  private readonly serializer = new SerializeAddon();
  pending = 0;
  onParsed: () => void = () => undefined;
  private disposed = false;

  constructor(
    cols: number,
    rows: number,
    readonly scrollback = DEFAULT_SCROLLBACK,
  ) {
    this.term = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
    // The addon's typings name the browser Terminal; the headless one has the same surface.
    this.term.loadAddon(this.serializer as unknown as Parameters<Terminal['loadAddon']>[0]);
    // Emoji and other wide characters take two cells, as in every viewer (TerminalView).
    this.term.loadAddon(new Unicode11Addon() as unknown as Parameters<Terminal['loadAddon']>[0]);
    this.term.unicode.activeVersion = '11';
  }

  get cols(): number {
    return this.term.cols;
  }
  get rows(): number {
    return this.term.rows;
  }

  write(data: string | Uint8Array, onParsed?: () => void): void {
    if (this.disposed) return;
    this.pending += data.length;
    this.term.write(data, () => {
      this.pending -= data.length;
      onParsed?.();
      this.onParsed();
    });
  }

  resize(cols: number, rows: number): void {
    if (this.disposed) return;
    this.term.write('', () => {
      if (!this.disposed) this.term.resize(cols, rows);
    });
  }

  snapshot(): Promise<{ serialized: string; cols: number; rows: number }> {
    return new Promise((resolve) => {
      if (this.disposed) {
        resolve({ serialized: '', cols: this.cols, rows: this.rows });
        return;
      }
      this.term.write('', () => {
        resolve({
          serialized: this.serializer.serialize(),
          cols: this.term.cols,
          rows: this.term.rows,
        });
      });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.term.dispose();
  }
}
