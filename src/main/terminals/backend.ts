/**
 * One interface over the two kinds of terminal process: a TTY exec in a session's container and
 * a pty on the host. The service above it only ever sees this.
 */
export interface TerminalBackend {
  /** Keystrokes or pasted text, passed to the process unchanged. */
  write(data: string): void;
  resize(cols: number, rows: number): Promise<void>;
  /**
   * Output as decoded UTF-8 text (never split inside a character), and the raw bytes it came
   * from when the backend has them (the screen parses those: cheaper than text). `data` may be
   * '' while `raw` holds the first bytes of a character that continues in the next chunk.
   */
  onData(listener: (data: string, raw?: Uint8Array) => void): void;
  /** Called once, when the process has ended (or the connection to it is lost: -1). */
  onExit(listener: (exitCode: number) => void): void;
  /** Stop reading output: the process blocks once the kernel/engine buffers are full. */
  pause(): void;
  resume(): void;
  kill(): void;
}

/** Calls each listener once with the first value; later calls are ignored. */
export class Once<T> {
  private value: { v: T } | null = null;
  private readonly listeners: ((v: T) => void)[] = [];
  on(listener: (v: T) => void): void {
    if (this.value) listener(this.value.v);
    else this.listeners.push(listener);
  }
  fire(v: T): void {
    if (this.value) return;
    this.value = { v };
    for (const l of this.listeners.splice(0)) l(v);
  }
  get fired(): boolean {
    return this.value !== null;
  }
}
