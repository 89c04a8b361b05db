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
