/**
 * A host terminal: the user's shell in the session's folder, through node-pty. node-pty is an
 * N-API addon loaded lazily so nothing that only lists terminals pays for it.
 */
import type * as NodePty from 'node-pty';
import { AppError } from '../../shared/errors';
import { Once, type TerminalBackend } from './backend';

export interface HostTerminalSpec {
  cwd: string;
  cols: number;
  rows: number;
  /** argv; default: the user's $SHELL (or /bin/bash, cmd.exe on Windows) as a login shell. */
  cmd?: string[];
  env?: NodeJS.ProcessEnv;
}

export function defaultHostShell(env: NodeJS.ProcessEnv = process.env): string[] {
  if (process.platform === 'win32') return [env.COMSPEC || 'cmd.exe'];
  return [env.SHELL || '/bin/bash', '-l'];
}

export async function openHostBackend(spec: HostTerminalSpec): Promise<TerminalBackend> {
  let pty: typeof NodePty;
  try {
    const mod = (await import('node-pty')) as typeof NodePty & { default?: typeof NodePty };
    pty = mod.default ?? mod;
  } catch (e) {
    throw new AppError(
      'terminal-unavailable',
      'host terminals need the node-pty module, which failed to load',
      'reinstall the app (npm ci builds node-pty)',
      { cause: e },
    );
  }
  const [file, ...args] = spec.cmd ?? defaultHostShell(spec.env);
  const env = { ...(spec.env ?? process.env), TERM: 'xterm-256color', COLORTERM: 'truecolor' };
  const proc = pty.spawn(file!, args, {
    name: 'xterm-256color',
    cols: spec.cols,
    rows: spec.rows,
    cwd: spec.cwd,
    env: env as Record<string, string>,
    encoding: 'utf8',
  });
  return new HostBackend(proc);
}

class HostBackend implements TerminalBackend {
  private readonly exit = new Once<number>();
  private killed = false;

  constructor(private readonly proc: NodePty.IPty) {
    proc.onExit(({ exitCode, signal }) => this.exit.fire(signal ? 128 + signal : exitCode));
  }

  write(data: string): void {
    if (!this.exit.fired) this.proc.write(data);
  }

  async resize(cols: number, rows: number): Promise<void> {
    if (!this.exit.fired) this.proc.resize(cols, rows);
  }

  onData(listener: (data: string) => void): void {
    this.proc.onData(listener);
  }

  onExit(listener: (exitCode: number) => void): void {
    this.exit.on(listener);
  }

  pause(): void {
    this.proc.pause();
  }

  resume(): void {
    this.proc.resume();
  }

  kill(): void {
    if (this.killed || this.exit.fired) return;
    this.killed = true;
    this.proc.kill();
  }
}
