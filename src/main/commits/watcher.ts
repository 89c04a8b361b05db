/**
 * One long-lived exec per session running the kit's commit-watch. It reports each `state`
 * line it prints; the exec's stdin stays open (closing it ends the script, so a dead host
 * leaves no watcher behind). Lines are untrusted: parsed strictly, bounded in length.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { AppError } from '../../shared/errors';
import type { Engine, ExecStream } from '../engine/types';
import { commitWatch } from '../kit/commit-watch';
import { closeKitExec, endedReason, keepStderr, openKitExec } from '../kit/watch-exec';
import { idleTimer } from '../git/host-git';

export interface WatchState {
  /** Tip of the session branch; null when the branch does not exist (or is unreadable). */
  tip: string | null;
  /** The branch HEAD points at (short name), null when detached or unreadable; raw text for messages. */
  headBranch: string | null;
  headRaw: string;
}

const MAX_LINE = 8192;

interface PendingBundle {
  /** Bytes still to come; null until the watcher announced the size. */
  remaining: number | null;
  bytes: number;
  maxBytes: number;
  out: WriteStream;
  resolve(bytes: number): void;
  reject(e: Error): void;
  /** Last `bundle-progress` figure: only a change counts as progress. */
  progress: string;
  idle: { touch(): void; clear(): void };
}

/**
 * How long a bundle may go without progress (no growing `bundle-progress`, no bytes) before the
 * channel is dropped. Not a limit on the whole bundle: a big commit on a busy machine takes as
 * long as it takes while git keeps moving.
 */
export const BUNDLE_STALL_MS = 60_000;

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
  /** How long a bundle may make no progress (default BUNDLE_STALL_MS). */
  bundleStallMs?: number;
  onState(state: WatchState): void;
  /** The exec ended (container stopped, script killed, connection lost). */
  onEnd(reason: string): void;
}

export class BranchWatcher {
  private exec: ExecStream | null = null;
  private stopped = false;
  private bundle: PendingBundle | null = null;
  private get receiving(): boolean {
    return this.bundle?.remaining !== undefined && this.bundle.remaining !== null;
  }

  constructor(private readonly opts: WatcherOptions) {}

  async start(): Promise<void> {
    const o = this.opts;
    const exec = await openKitExec(o.engine, o.containerId, {
      cmd: [commitWatch.path, o.workdir, o.branch, String(o.interval ?? 0.1)],
      ...(o.user ? { user: o.user } : {}),
      workdir: o.workdir,
    });
    if (this.stopped) {
      exec.close();
      return;
    }
    this.exec = exec;
    let buf: Buffer = Buffer.alloc(0);
    exec.stdout.on('data', (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      buf = this.consume(buf);
      if (buf.length > MAX_LINE && !this.receiving) buf = Buffer.alloc(0);
    });
    const stderr = keepStderr(exec);
    exec.stdout.on('error', () => undefined);
    exec
      .wait()
      .then(
        (code) => endedReason('the commit watcher', { code }, stderr()),
        (error: unknown) => endedReason('the commit watcher', { error }),
      )
      .then((reason) => {
        this.exec = null;
        this.failBundle(reason);
        if (!this.stopped) o.onEnd(reason);
      });
  }

  /** Ask for a fresh state line (the script prints even when nothing changed). */
  check(): void {
    this.exec?.stdin?.write('check\n');
  }

  /** Whether bundles can come through the watcher's own channel. */
  get connected(): boolean {
    return this.exec !== null;
  }

  /**
   * Asks the watcher for a bundle of the branch (leaving out what the host has) and writes it
   * to `dest`; resolves with its size. One request at a time (imports are serialised).
   */
  requestBundle(have: string[], dest: string, maxBytes: number): Promise<number> {
    const exec = this.exec;
    if (!exec?.stdin || this.bundle)
      return Promise.reject(new AppError('bundle-failed', 'the watcher is busy or gone'));
    return new Promise<number>((resolve, reject) => {
      const out = createWriteStream(dest, { mode: 0o600 });
      out.on('error', (e) => this.failBundle(e.message));
      // No progress for too long (request lost, git or the transfer stuck): the channel is out
      // of step, so drop it; the caller falls back to an exec and the watcher is restarted.
      const stallMs = this.opts.bundleStallMs ?? BUNDLE_STALL_MS;
      const idle = idleTimer(stallMs, () => {
        if (this.bundle?.idle !== idle) return;
        const where = this.bundle.remaining === null ? 'making' : 'sending';
        this.failBundle(
          `the watcher's bundle made no progress ${where} it for ${Math.round(stallMs / 1000)} s`,
        );
        this.exec?.close();
      });
      this.bundle = {
        remaining: null,
        bytes: 0,
        maxBytes,
        out,
        resolve,
        reject,
        progress: '',
        idle,
      };
      exec.stdin!.write(`bundle ${have.filter((h) => /^[0-9a-f]{40,64}$/.test(h)).join(' ')}\n`);
    });
  }

  /** Splits watcher output into lines, or bundle bytes while a bundle is coming. */
  private consume(buf: Buffer): Buffer {
    for (;;) {
      const b = this.bundle;
      if (b && b.remaining !== null) {
        if (buf.length === 0) return buf;
        const take = Math.min(b.remaining, buf.length);
        b.idle.touch();
        b.out.write(buf.subarray(0, take));
        b.remaining -= take;
        buf = buf.subarray(take);
        if (b.remaining === 0) {
          this.bundle = null;
          b.idle.clear();
          b.out.end(() => b.resolve(b.bytes));
        }
        continue;
      }
      const nl = buf.indexOf(10);
      if (nl < 0) return buf;
      const line = buf.subarray(0, nl).toString('utf8');
      buf = buf.subarray(nl + 1);
      const progress = /^bundle-progress (\d{1,15})$/.exec(line);
      if (b && progress) {
        if (progress[1] !== b.progress) b.idle.touch();
        b.progress = progress[1]!;
      } else if (b && line.startsWith('bundle-begin ')) {
        const size = /^bundle-begin (\d{1,15})$/.exec(line);
        const n = size ? Number(size[1]) : NaN;
        if (!Number.isFinite(n) || n <= 0 || n > b.maxBytes) {
          // The stream is out of step from here on: drop the watcher, it is restarted.
          this.failBundle('the watcher announced a bundle of an impossible size');
          this.exec?.close();
          return Buffer.alloc(0);
        }
        b.remaining = n;
        b.bytes = n;
        b.idle.touch();
      } else if (b && line.startsWith('bundle-error')) {
        this.failBundle(`the container could not pack the branch (${line.slice(13, 60)})`);
      } else {
        const state = parseStateLine(line);
        if (state) this.opts.onState(state);
      }
    }
  }

  private failBundle(reason: string): void {
    const b = this.bundle;
    if (!b) return;
    this.bundle = null;
    b.idle.clear();
    b.out.destroy();
    b.reject(new AppError('bundle-failed', reason));
  }

  stop(): void {
    this.failBundle('the watcher was stopped');
    this.stopped = true;
    closeKitExec(this.exec);
    this.exec = null;
  }
}
