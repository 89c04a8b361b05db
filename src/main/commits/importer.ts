/**
 * One importer per data dir: of the processes sharing it (the desktop app, `claude-run`, web
 * mode), the one holding the importer lease runs every session's commit watcher and network
 * gateway; the others take over within a poll interval when it exits or dies.
 */
import type { SessionInfo } from '../../shared/schemas/session';
import { ProcessLease } from '../app/process-lock';
import type { CommitService } from './service';

export interface ImporterElection {
  /** Asks for the lease now (after the store is loaded) and then every `intervalMs`. */
  start(): void;
  /** Stops the watchers this process runs and hands the lease on. */
  stop(): Promise<void>;
}

export function importerElection(opts: {
  lockFile: string;
  /** What the elected process runs: every session's commit watcher and network gateway. */
  runner: Pick<CommitService, 'setImporting'>;
  sessions: () => SessionInfo[];
  intervalMs?: number;
}): ImporterElection {
  const lease = new ProcessLease(opts.lockFile);
  let timer: NodeJS.Timeout | null = null;
  let round: Promise<void> | null = null;
  let stopped = false;
  // Unknown until the first round, which always tells the service (it may import by default).
  let importing: boolean | null = null;

  const elect = async () => {
    const mine = await lease.tryAcquire();
    if (stopped) return;
    if (mine !== importing) {
      importing = mine;
      await opts.runner.setImporting(mine, opts.sessions());
    }
  };
  const tick = () => {
    if (round || stopped) return;
    round = elect()
      .catch((e: unknown) => console.error('commits: importer election failed:', e))
      .finally(() => {
        round = null;
      });
  };

  return {
    start() {
      if (timer || stopped) return;
      tick();
      timer = setInterval(tick, opts.intervalMs ?? 1000);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      // Not waiting for a round in flight: its first catch-up of a session can take seconds on
      // a slow engine, and a stopping process has a deadline. Importing ends now (the service
      // starts no watcher once it is off), and again after that round, for anything it began.
      const inFlight = round;
      await opts.runner.setImporting(false, []);
      if (inFlight) void inFlight.then(() => opts.runner.setImporting(false, []));
      await lease.release();
    },
  };
}
