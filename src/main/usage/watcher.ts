/**
 * The host end of one session's usage-watch (src/main/kit/usage-watch.ts): a long-lived exec
 * whose stdin stays open (closing it ends the script). It tells the script where to resume each
 * file, then passes on the chunks of new bytes and the end of each round. Everything the script
 * prints is untrusted: line lengths, sizes, offsets and paths are checked, and a stream that goes
 * out of step is dropped (the caller starts a new watcher from its offsets).
 */
import type { Engine, ExecStream } from '../engine/types';
import { usageWatch } from '../kit/usage-watch';
import { closeKitExec, endedReason, keepStderr, openKitExec } from '../kit/watch-exec';

const MAX_HEADER = 8192;
/** The script's chunk size, and the most the host accepts in one chunk. */
export const CHUNK_BYTES = 1024 * 1024;

export interface UsageWatcherOptions {
  engine: Engine;
  containerId: string;
  user: string;
  /** Where to resume each file (container paths). */
  offsets: Record<string, number>;
  /** Seconds between the script's looks. */
  interval?: number;
  onChunk(path: string, offset: number, bytes: Buffer): void;
  onRound(): void;
  /** The exec ended or went out of step; `code` is the script's exit code when it ran to an end. */
  onEnd(reason: string, code: number | null): void;
}

/** A transcript path the script may report: under its projects dir, a .jsonl, no tricks. */
export function acceptablePath(dir: string, path: string): boolean {
  return (
    path.length <= 4096 &&
    path.startsWith(`${dir}/`) &&
    path.endsWith('.jsonl') &&
    !path.includes('\0') &&
    !path.split('/').some((seg) => seg === '..' || seg === '.')
  );
}

export class UsageWatcher {
  private exec: ExecStream | null = null;
  private stopped = false;
  private dir: string | null = null;
  /** The chunk whose bytes are arriving. */
  private incoming: { path: string; offset: number; remaining: number; parts: Buffer[] } | null =
    null;

  constructor(private readonly opts: UsageWatcherOptions) {}

  async start(): Promise<void> {
    const o = this.opts;
    const exec = await openKitExec(o.engine, o.containerId, {
      cmd: [usageWatch.path, String(o.interval ?? 0.5), String(CHUNK_BYTES)],
      ...(o.user ? { user: o.user } : {}),
    });
    if (this.stopped) {
      exec.close();
      return;
    }
    this.exec = exec;
    let buf: Buffer = Buffer.alloc(0);
    let failed: string | null = null;
    exec.stdout.on('data', (chunk: Buffer) => {
      if (failed !== null) return;
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      try {
        buf = this.consume(buf);
      } catch (e) {
        failed = e instanceof Error ? e.message : String(e);
        buf = Buffer.alloc(0);
        exec.close();
      }
    });
    const stderr = keepStderr(exec);
    exec.stdout.on('error', () => undefined);
    exec.stdin?.on('error', () => undefined);
    const lines = Object.entries(o.offsets)
      .filter(([p, n]) => !p.includes('\n') && Number.isSafeInteger(n) && n >= 0)
      .map(([p, n]) => `off ${n} ${p}\n`);
    exec.stdin?.write(`${lines.join('')}go\n`);
    exec
      .wait()
      .then(
        (code) => ({
          // A stream that went wrong after the script started says nothing by its exit code;
          // before it started (no `dir` line: Docker prints its exec error on stdout) it does.
          code: failed === null || this.dir === null ? code : null,
          reason: failed ?? endedReason('the usage watcher', { code }, stderr()),
        }),
        (error: unknown) => ({
          code: null,
          reason: failed ?? endedReason('the usage watcher', { error }),
        }),
      )
      .then(({ code, reason }) => {
        this.exec = null;
        if (!this.stopped) o.onEnd(reason, code);
      });
  }

  /** Ask the script to look at every file again (after the host lost track). */
  check(): void {
    this.exec?.stdin?.write('check\n');
  }

  private consume(buf: Buffer): Buffer {
    for (;;) {
      const inc = this.incoming;
      if (inc) {
        if (buf.length === 0) return buf;
        const take = Math.min(inc.remaining, buf.length);
        inc.parts.push(buf.subarray(0, take));
        inc.remaining -= take;
        buf = buf.subarray(take);
        if (inc.remaining === 0) {
          this.incoming = null;
          this.opts.onChunk(inc.path, inc.offset, Buffer.concat(inc.parts));
        }
        continue;
      }
      const nl = buf.indexOf(10);
      if (nl < 0) {
        if (buf.length > MAX_HEADER) throw new Error('the usage watcher sent an overlong line');
        return buf;
      }
      const line = buf.subarray(0, nl).toString('utf8');
      buf = buf.subarray(nl + 1);
      this.onLine(line);
    }
  }

  private onLine(line: string): void {
    if (line === 'round') {
      this.opts.onRound();
      return;
    }
    if (line.startsWith('dir ')) {
      const dir = line.slice(4);
      if (this.dir !== null || !dir.startsWith('/') || dir.length > 2048)
        throw new Error('the usage watcher named an unusable transcript folder');
      this.dir = dir.replace(/\/+$/, '');
      return;
    }
    const m = /^chunk (\d{1,15}) (\d{1,15}) (.+)$/.exec(line);
    if (!m) throw new Error('the usage watcher sent a line it should not');
    const length = Number(m[1]);
    const offset = Number(m[2]);
    const path = m[3]!;
    if (this.dir === null || !acceptablePath(this.dir, path))
      throw new Error('the usage watcher sent a file outside the transcript folder');
    if (length <= 0 || length > CHUNK_BYTES || !Number.isSafeInteger(offset + length))
      throw new Error('the usage watcher announced a chunk of an impossible size');
    this.incoming = { path, offset, remaining: length, parts: [] };
  }

  stop(): void {
    this.stopped = true;
    closeKitExec(this.exec);
    this.exec = null;
  }
}
