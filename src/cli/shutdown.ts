/**
 * How a long-running `claude-run` (web, start, attach with the web UI, port) ends on a signal:
 * it stops its servers and core, then the process exits. Left to itself the process would only
 * end once nothing keeps the event loop busy (an engine poll, a keep-alive socket), so runCli's
 * caller exits once the command returns (exitWhenFlushed). What is left is a stop that hangs:
 *  - a second Ctrl-C (or SIGTERM, SIGHUP) exits at once, and the first one says so;
 *  - a stop that makes no progress for STALL_MS exits anyway.
 * "No progress" is counted only while this process gets to run: on a busy machine a stop that
 * is slow but moving is not cut off (a fixed deadline from the signal was, and exited 130
 * instead of 0 after a Ctrl-C under load). The containers live on either way.
 */

/** A stop in which no step finished for this long (while this process ran) is stuck. */
export const STALL_MS = 5000;
/** How often the watch looks; a look that comes much later means the machine starved us. */
const LOOK_MS = 100;

let armed = false;
let lastProgress = 0;

/** Exit codes for a stop cut short: the shell's 128 + the signal's number. */
function interruptedCode(signal: string): number {
  return signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 129;
}

/**
 * Called when a stop signal arrives. Returns at once; the stop itself goes on in the caller,
 * which reports each step it finishes with shutdownProgress().
 */
export function watchStop(signal: string, opts: { stallMs?: number } = {}): void {
  if (armed) return;
  armed = true;
  const stallMs = opts.stallMs ?? STALL_MS;
  const code = interruptedCode(signal);
  const now = () => process.exit(process.exitCode ?? code);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, now);
  let stalled = 0;
  let lastLook = Date.now();
  lastProgress = lastLook;
  const watch = setInterval(() => {
    const at = Date.now();
    const previous = lastLook;
    lastLook = at;
    if (lastProgress >= previous) {
      stalled = 0;
      return;
    }
    // Only time this process could have run counts: a look that comes late (the machine was
    // busy elsewhere) adds one look's worth, not the whole gap.
    stalled += Math.min(at - previous, 2 * LOOK_MS);
    if (stalled >= stallMs) {
      clearInterval(watch);
      process.stderr.write(
        `Stopping made no progress for ${Math.round(stallMs / 1000)} s; exiting anyway (the containers keep running).\n`,
      );
      now();
    }
  }, LOOK_MS);
  watch.unref();
}

/**
 * A step of the stop finished (the web server closed, the core disposed). The core's dispose
 * is one step here: its own steps (watchers, gateways, the importer's lease, log flush) do not
 * report.
 */
export function shutdownProgress(): void {
  lastProgress = Date.now();
}

/** Exits with `code` once stdout and stderr have handed over what was written to them. */
export function exitWhenFlushed(code: number): void {
  shutdownProgress();
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
