/** An in-memory TerminalBackend: what the test writes as "process output" goes to listeners. */
import type { TerminalBackend } from '../../../src/main/terminals/backend';

export class FakeBackend implements TerminalBackend {
  readonly input: string[] = [];
  readonly sizes: [number, number][] = [];
  paused = false;
  pauses = 0;
  killed = false;
  private data: ((d: string) => void)[] = [];
  private exit: ((c: number) => void)[] = [];
  emitOutput(d: string): void {
    for (const l of this.data) l(d);
  }
  emitExit(code: number): void {
    for (const l of this.exit) l(code);
  }
  write(data: string): void {
    this.input.push(data);
  }
  async resize(cols: number, rows: number): Promise<void> {
    this.sizes.push([cols, rows]);
  }
  onData(l: (d: string) => void): void {
    this.data.push(l);
  }
  onExit(l: (c: number) => void): void {
    this.exit.push(l);
  }
  pause(): void {
    this.paused = true;
    this.pauses++;
  }
  resume(): void {
    this.paused = false;
  }
  kill(): void {
    this.killed = true;
  }
}
