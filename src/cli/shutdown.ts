/**
 * How a long-running `claude-run` (web, start, attach with the web UI) ends on a signal: it
 * stops its servers and core, then the process exits, within a bound the user can rely on.
 * Left to itself the process would only end once nothing keeps the event loop busy, and an
 * engine poll, a keep-alive socket or a stuck dispose kept some alive for minutes.
 */

/** From the signal to the exit at most this long, even if stopping hangs. */
export const SHUTDOWN_DEADLINE_MS = 1800;

let armed = false;

/**
 * Called when a stop signal arrives: a second signal exits at once, and the deadline exits
 * regardless of what is still running (the containers live on; nothing is lost).
 */
export function armShutdownDeadline(signal: string): void {
  if (armed) return;
  armed = true;
  const code = signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 129;
  const now = () => process.exit(process.exitCode ?? code);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, now);
  setTimeout(() => {
    process.stderr.write('Stopping took too long; exiting anyway.\n');
    now();
  }, SHUTDOWN_DEADLINE_MS).unref();
}

/** Exits with `code` once stdout and stderr have handed over what was written to them. */
export function exitWhenFlushed(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
