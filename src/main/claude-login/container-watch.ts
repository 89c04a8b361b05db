/**
 * One long-lived exec per running session: the kit's `claude-login watch`, which prints `cred`
 * or `acct` when the session's login files change. Its stdin stays open (closing it ends the
 * script). When the exec ends (container restarted, connection lost) it is started again with
 * a growing delay; lines are untrusted and only these two words mean anything.
 */
import type { ExecStream } from '../engine/types';
import { claudeLogin } from '../kit/claude-login';
import { closeKitExec, endedReason, openKitExec, WatchRestart } from '../kit/watch-exec';
import type { ContainerRef } from './container-copy';

export interface ContainerWatchOptions extends ContainerRef {
  /** Seconds between the script's reads. */
  interval?: number;
  onChange(what: 'cred' | 'acct'): void;
  /** The exec ended; `restartInMs` says when it is tried again. */
  onEnd?(reason: string, restartInMs: number): void;
}

export const NO_WATCHER =
  'the session has no login watcher (started by an older version of the app)';

export class ContainerLoginWatch {
  private exec: ExecStream | null = null;
  private stopped = false;
  private readonly restart = new WatchRestart({
    restart: () => this.run(),
    cancelled: () => this.stopped,
  });

  constructor(private readonly o: ContainerWatchOptions) {}

  start(): void {
    void this.run();
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    const o = this.o;
    let exec: ExecStream;
    try {
      exec = await openKitExec(o.engine, o.containerId, {
        cmd: [claudeLogin.path, 'watch', String(o.interval ?? 0.25)],
        ...(o.user ? { user: o.user } : {}),
      });
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      // Engines may refuse an exec whose program is missing before it runs.
      this.again(
        /no such file|not found|executable file/i.test(text)
          ? NO_WATCHER
          : `the login watcher could not start: ${text}`,
      );
      return;
    }
    if (this.stopped) {
      exec.close();
      return;
    }
    this.exec = exec;
    let buf = '';
    exec.stdout.setEncoding('latin1');
    exec.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'cred' || line === 'acct') {
          this.restart.working(); // a later failure starts from a short delay again
          o.onChange(line);
        }
      }
      if (buf.length > 256) buf = '';
    });
    exec.stdout.on('error', () => undefined);
    exec.stderr.resume();
    const reason = await exec.wait().then(
      (code) =>
        code === 127 || code === 126 ? NO_WATCHER : endedReason('the login watcher', { code }),
      (error: unknown) => endedReason('the login watcher', { error }),
    );
    this.exec = null;
    this.again(reason);
  }

  private again(reason: string): void {
    if (this.stopped) return;
    this.o.onEnd?.(reason, this.restart.schedule());
  }

  stop(): void {
    this.stopped = true;
    this.restart.cancel();
    closeKitExec(this.exec);
    this.exec = null;
  }
}
