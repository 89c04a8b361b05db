/**
 * A container terminal: an engine exec with a TTY and stdin attached. Pausing stops reading the
 * exec's stream; the engine's pipe and the TTY then fill up and the process blocks on write,
 * which is how a flooding program is held back without any buffer growing here.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Engine, ExecStream } from '../engine/types';
import { Once, type TerminalBackend } from './backend';

export interface ContainerTerminalSpec {
  containerId: string;
  cmd: string[];
  user?: string;
  workdir?: string;
  env?: Record<string, string>;
  cols: number;
  rows: number;
}

export async function openContainerBackend(
  engine: Engine,
  spec: ContainerTerminalSpec,
): Promise<TerminalBackend> {
  const env = { TERM: 'xterm-256color', COLORTERM: 'truecolor', ...spec.env };
  const exec = await engine.execStream(spec.containerId, {
    cmd: spec.cmd,
    user: spec.user || undefined,
    workdir: spec.workdir,
    env,
    tty: true,
    stdin: true,
    cols: spec.cols,
    rows: spec.rows,
  });
  const backend = new ContainerBackend(exec);
  // An exec that failed to start (missing workdir or user) can leave Docker's connection open
  // after printing its error: look once it had time to start, and end it if it is not running.
  const check = setTimeout(() => {
    engine.docker
      .getExec(exec.id)
      .inspect()
      .then((info) => {
        if (!info.Running) exec.close();
      })
      .catch(() => undefined);
  }, 1500);
  check.unref();
  return backend;
}

class ContainerBackend implements TerminalBackend {
  private readonly decoder = new StringDecoder('utf8');
  private readonly dataListeners: ((data: string, raw?: Uint8Array) => void)[] = [];
  private readonly exit = new Once<number>();
  private killed = false;

  constructor(private readonly exec: ExecStream) {
    exec.stdin?.on('error', () => undefined);
  }

  /** Output is only read once someone listens, so nothing the process printed first is lost. */
  private startReading(): void {
    const { exec } = this;
    exec.stdout.on('data', (chunk: Buffer) => this.emit(this.decoder.write(chunk), chunk));
    const finish = () => {
      const rest = this.decoder.end();
      // The bytes of an unfinished character were passed on raw already.
      if (rest) this.emit(rest, new Uint8Array(0));
      // Podman reports the exec as running until the client closes its side too.
      exec.close();
      exec.wait().then(
        (code) => this.exit.fire(code),
        () => this.exit.fire(-1),
      );
    };
    // A connection dropped without an orderly end (engine restarted, exec failed to start)
    // would leave stdout open forever: end it, so what was read is shown and exit is reported.
    exec.stdin?.once('close', () => {
      const out = exec.stdout as Readable & { writableEnded?: boolean; end?: () => void };
      if (out.writableEnded === false && out.end) out.end();
    });
    exec.stdout.once('end', finish);
    exec.stdout.once('close', finish);
    exec.stdout.once('error', finish);
  }

  private emit(data: string, raw: Uint8Array): void {
    if (!data && raw.length === 0) return;
    for (const l of this.dataListeners) l(data, raw);
  }

  write(data: string): void {
    if (this.killed || this.exit.fired) return;
    this.exec.stdin?.write(data);
  }

  async resize(cols: number, rows: number): Promise<void> {
    if (this.killed || this.exit.fired) return;
    await this.exec.resize(cols, rows);
  }

  onData(listener: (data: string, raw?: Uint8Array) => void): void {
    this.dataListeners.push(listener);
    if (this.dataListeners.length === 1) this.startReading();
  }

  onExit(listener: (exitCode: number) => void): void {
    this.exit.on(listener);
  }

  pause(): void {
    this.exec.stdout.pause();
  }

  resume(): void {
    this.exec.stdout.resume();
  }

  kill(): void {
    if (this.killed) return;
    this.killed = true;
    // Closing the TTY connection hangs up the terminal: the shell gets SIGHUP and exits.
    this.exec.close();
  }
}
