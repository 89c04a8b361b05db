/**
 * A stand-in for a renderer's xterm: a headless Terminal fed what a viewer receives, and a way
 * to compare two screens the way a user would see them (text, colors, cursor, which buffer).
 */
import { SerializeAddon } from '@xterm/addon-serialize';
import { Terminal } from '@xterm/headless';

export class ViewerScreen {
  readonly term: Terminal;
  private readonly ser = new SerializeAddon();
  constructor(cols: number, rows: number, scrollback = 10_000) {
    this.term = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
    this.term.loadAddon(this.ser as unknown as Parameters<Terminal['loadAddon']>[0]);
  }
  write(data: string): Promise<void> {
    return new Promise((r) => this.term.write(data, r));
  }
  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
  }
  /** What a user sees: every line of the active buffer and scrollback, the cursor, the buffer kind. */
  async view(): Promise<{
    type: string;
    cursor: [number, number];
    lines: string[];
    serialized: string;
  }> {
    await this.write('');
    const b = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < b.length; i++) lines.push(b.getLine(i)?.translateToString(true) ?? '');
    return {
      type: b.type,
      cursor: [b.cursorX, b.cursorY],
      lines,
      serialized: this.ser.serialize(),
    };
  }
  dispose(): void {
    this.term.dispose();
  }
}

/** A bare headless xterm with its serializer, for tests that drive the Terminal directly. */
export function headlessTerm(
  cols: number,
  rows: number,
  scrollback: number,
): { t: Terminal; ser: SerializeAddon } {
  const t = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
  const ser = new SerializeAddon();
  t.loadAddon(ser as unknown as Parameters<Terminal['loadAddon']>[0]);
  return { t, ser };
}

export const writeTerm = (t: Terminal, d: string | Uint8Array) =>
  new Promise<void>((r) => t.write(d, () => r()));

/**
 * Everything that makes two screens the same to a user, exactly: buffer kind, size, cursor
 * (with the scroll position), which lines are wrapped, the serialized content, and the pen
 * (a character printed next shows its colors). Writes one character: call it last.
 */
export async function exactView({ t, ser }: { t: Terminal; ser: SerializeAddon }) {
  await writeTerm(t, '');
  const b = t.buffer.active;
  const wrapped: number[] = [];
  for (let i = 0; i < b.length; i++) if (b.getLine(i)?.isWrapped) wrapped.push(i);
  const state = {
    type: b.type,
    size: [t.cols, t.rows],
    cursor: [b.cursorX, b.cursorY, b.baseY],
    wrapped,
    serialized: ser.serialize(),
  };
  await writeTerm(t, 'Z');
  return { ...state, pen: ser.serialize().slice(-200) };
}
