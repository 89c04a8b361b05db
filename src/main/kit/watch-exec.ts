/**
 * What the host side of every long-lived kit watcher (commits, usage, login) shares: opening
 * the exec with stdin kept open (closing it ends the script), a bounded tail of its stderr for
 * the "why it ended" message, closing it, and starting it again after it ended at a growing
 * delay while the container still runs.
 */
import type { Engine, ExecStream } from '../engine/types';

export interface KitExecOptions {
  cmd: string[];
  user?: string;
  workdir?: string;
}

export function openKitExec(
  engine: Engine,
  containerId: string,
  o: KitExecOptions,
): Promise<ExecStream> {
  return engine.execStream(containerId, {
    cmd: o.cmd,
    ...(o.user ? { user: o.user } : {}),
    ...(o.workdir ? { workdir: o.workdir } : {}),
    tty: false,
    stdin: true,
  });
}

const STDERR_KEEP = 2000;

/** Keeps the first 2000 characters of the exec's stderr; returns a reader of them. */
export function keepStderr(exec: ExecStream): () => string {
  let text = '';
  exec.stderr.on('data', (c: Buffer) => {
    if (text.length < STDERR_KEEP) text += c.toString('utf8');
  });
  exec.stderr.on('error', () => undefined);
  return () => text;
}

/** "<what> ended (exit N): <stderr>" or "<what> lost its connection: <why>". */
export function endedReason(
  what: string,
  ended: { code: number } | { error: unknown },
  stderr = '',
): string {
  if ('code' in ended)
    return `${what} ended (exit ${ended.code})${stderr ? `: ${stderr.trim().slice(0, 200)}` : ''}`;
  const e = ended.error;
  return `${what} lost its connection: ${e instanceof Error ? e.message : String(e)}`;
}

/** Ends the script (its stdin) and the connection; safe on an exec already gone. */
export function closeKitExec(exec: ExecStream | null): void {
  if (!exec) return;
  try {
    exec.stdin?.end();
  } catch {
    /* already closed */
  }
  exec.close();
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

export interface WatchRestartOptions {
  /** Whether the container still runs; a stopped one is looked at again later, not restarted. */
  containerRunning?(): Promise<boolean>;
  restart(): Promise<void> | void;
  /** The owner was stopped: nothing more happens. */
  cancelled(): boolean;
}

/**
 * Restarts a watcher that ended, 500 ms after the first failure and twice as long after each
 * following one, up to 30 s; `working()` (the watcher delivered something) starts over short.
 */
export class WatchRestart {
  private delay = FIRST_DELAY_MS;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: WatchRestartOptions) {}

  working(): void {
    this.delay = FIRST_DELAY_MS;
  }

  /** Schedules one restart (none if one is pending); returns its delay in ms. */
  schedule(): number {
    if (this.o.cancelled()) return 0;
    if (this.timer) return this.delay;
    const delay = this.delay;
    this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.fire();
    }, delay);
    return delay;
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async fire(): Promise<void> {
    if (this.o.cancelled()) return;
    const running = this.o.containerRunning ? await this.o.containerRunning() : true;
    if (this.o.cancelled()) return;
    if (running) await this.o.restart();
    else this.schedule();
  }
}

/**
 * A session's watcher restart: only while its container runs; a session without a container
 * has nothing to watch, so the restarts end.
 */
export function sessionWatchRestart(o: {
  engine(): Engine;
  session(): { containerId?: string | null | undefined };
  restart(): Promise<void> | void;
  stopped(): boolean;
}): WatchRestart {
  return new WatchRestart({
    containerRunning: async () => {
      const id = o.session().containerId;
      if (!id) return false;
      return !!(
        await o
          .engine()
          .inspectContainer(id)
          .catch(() => null)
      )?.running;
    },
    restart: () => o.restart(),
    cancelled: () => o.stopped() || !o.session().containerId,
  });
}
