/**
 * One long-lived exec per session running the kit's commit-watch. It reports each `state`
 * line it prints; the exec's stdin stays open (closing it ends the script, so a dead host
 * leaves no watcher behind). Lines are untrusted: parsed strictly, bounded in length.
 */
import { AppError } from '../../shared/errors';
import type { Engine, ExecStream } from '../engine/types';
import { commitWatch } from '../kit/commit-watch';

export interface WatchState {
  /** Tip of the session branch; null when the branch does not exist (or is unreadable). */
  tip: string | null;
  /** The branch HEAD points at (short name), null when detached or unreadable; raw text for messages. */
  headBranch: string | null;
  headRaw: string;
}

const MAX_LINE = 8192;

export function parseStateLine(line: string): WatchState | null {
  if (!line.startsWith('state ')) return null;
  const rest = line.slice('state '.length);
  const sp = rest.indexOf(' ');
  if (sp < 0) return null;
  const tipText = rest.slice(0, sp);
  const headRaw = rest.slice(sp + 1);
  let tip: string | null;
  if (tipText === '-') tip = null;
  else if (/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(tipText)) tip = tipText;
  else return null;
  const m = /^ref: refs\/heads\/(.+)$/.exec(headRaw);
  return { tip, headBranch: m ? m[1]! : null, headRaw };
}

export interface WatcherOptions {
  engine: Engine;
  containerId: string;
  user: string;
  workdir: string;
  branch: string;
  /** Seconds between the script's two cheap reads. */
  interval?: number;
  onState(state: WatchState): void;
  /** The exec ended (container stopped, script killed, connection lost). */
  onEnd(reason: string): void;
}

export class BranchWatcher {
  private exec: ExecStream | null = null;
  private stopped = false;

  constructor(private readonly opts: WatcherOptions) {}

  async start(): Promise<void> {
    const o = this.opts;
    const exec = await o.engine.execStream(o.containerId, {
      cmd: [commitWatch.path, o.workdir, o.branch, String(o.interval ?? 0.1)],
      ...(o.user ? { user: o.user } : {}),
      workdir: o.workdir,
      tty: false,
      stdin: true,
    });
    if (this.stopped) {
      exec.close();
      return;
    }
    this.exec = exec;
    let buf = '';
    let errText = '';
    exec.stdout.setEncoding('utf8');
    exec.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const state = parseStateLine(line);
        if (state) o.onState(state);
      }
      if (buf.length > MAX_LINE) buf = '';
    });
    exec.stderr.on('data', (c: Buffer) => {
      if (errText.length < 2000) errText += c.toString('utf8');
    });
    exec.stdout.on('error', () => undefined);
    exec
      .wait()
      .then(
        (code) =>
          `the commit watcher ended (exit ${code})${errText ? `: ${errText.trim().slice(0, 200)}` : ''}`,
        (e: unknown) =>
          `the commit watcher lost its connection: ${e instanceof Error ? e.message : String(e)}`,
      )
      .then((reason) => {
        this.exec = null;
        if (!this.stopped) o.onEnd(reason);
      });
  }

  /** Ask for a fresh state line (the script prints even when nothing changed). */
  check(): void {
    this.exec?.stdin?.write('check\n');
  }

  stop(): void {
    this.stopped = true;
    const exec = this.exec;
    this.exec = null;
    if (!exec) return;
    try {
      exec.stdin?.end();
    } catch {
      /* already closed */
    }
    exec.close();
  }
}

export function watcherMissingKit(code: number): AppError {
  return new AppError(
    'kit-missing',
    `the commit watcher could not start (exit ${code})`,
    'Restart the session so the runner kit is installed.',
  );
}
