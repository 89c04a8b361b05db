/**
 * Wheel scrolling for a terminal whose history lives in tmux (TerminalInfo.scrollback 'tmux'):
 * the view's own scrollback is empty (the tmux client draws in the alternate screen), so wheel
 * movement becomes scrollTerminal calls that move tmux's pane through its history. Movement is
 * gathered for a short while: one call per burst of wheel events, not one per event.
 */
const PIXELS_PER_LINE = 16;
const GATHER_MS = 40;

/** Lines a wheel event moves: negative = back (up). */
export function wheelLines(deltaY: number, deltaMode: number, rows: number): number {
  if (deltaMode === 1) return deltaY; // lines
  if (deltaMode === 2) return deltaY * rows; // pages
  return deltaY / PIXELS_PER_LINE;
}

export function tmuxWheel(send: (lines: number) => Promise<unknown>, rows: () => number) {
  let pending = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<unknown> = Promise.resolve();
  const flush = () => {
    timer = null;
    const lines = Math.trunc(pending);
    if (lines === 0) return;
    pending -= lines;
    // One call at a time, in order: a second burst waits for the first.
    inFlight = inFlight.then(() => send(lines)).catch(() => undefined);
  };
  return {
    /** Handles a wheel event; returns false so xterm does not scroll its own (empty) buffer. */
    onWheel(e: WheelEvent): boolean {
      pending += wheelLines(e.deltaY, e.deltaMode, rows());
      timer ??= setTimeout(flush, GATHER_MS);
      return false;
    },
    dispose(): void {
      if (timer) clearTimeout(timer);
    },
  };
}
