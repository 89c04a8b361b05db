/**
 * Per-viewer flow control. Each viewer acknowledges the output it has written; the terminal's
 * process is paused while any live viewer is more than `high` characters behind (or the
 * headless screen is more than `parseHigh` behind in parsing) and resumed once all are below
 * their low marks. The screen gets more room than viewers: it parses in bursts on another
 * thread, and pausing the process for each burst would cost throughput.
 * A viewer that stops acknowledging for `staleMs` while behind (a frozen or vanished window)
 * no longer holds the process back; it counts again as soon as it acknowledges.
 */
export interface FlowOptions {
  high: number;
  low: number;
  staleMs: number;
  /**
   * Marks for the screen's parse backlog. Default 16 M / 12 M: the screen worker gathers up to
   * 8 M of output before it parses a burst (screen-worker-source.ts), which must not count as
   * falling behind.
   */
  parseHigh?: number;
  parseLow?: number;
}

export const DEFAULT_FLOW: FlowOptions = {
  high: 2 * 1024 * 1024,
  low: 1024 * 1024,
  staleMs: 10_000,
};

interface ViewerState {
  sent: number;
  acked: number;
  lastAck: number;
}

export class FlowControl {
  private readonly viewers = new Map<string, ViewerState>();
  private paused = false;

  constructor(
    private readonly opts: FlowOptions,
    private readonly setPaused: (paused: boolean) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get isPaused(): boolean {
    return this.paused;
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  has(viewerId: string): boolean {
    return this.viewers.has(viewerId);
  }

  add(viewerId: string): void {
    this.viewers.set(viewerId, { sent: 0, acked: 0, lastAck: this.now() });
    this.update(0);
  }

  remove(viewerId: string, parsePending = 0): void {
    this.viewers.delete(viewerId);
    this.update(parsePending);
  }

  sent(chars: number, parsePending: number): void {
    for (const v of this.viewers.values()) v.sent += chars;
    this.update(parsePending);
  }

  ack(viewerId: string, chars: number, parsePending: number): void {
    const v = this.viewers.get(viewerId);
    if (!v) return;
    // Never trust a viewer to ack more than it was sent.
    v.acked = Math.min(v.sent, v.acked + chars);
    v.lastAck = this.now();
    this.update(parsePending);
  }

  /** Characters the slowest live viewer is behind. */
  backlog(): number {
    const now = this.now();
    let max = 0;
    for (const v of this.viewers.values()) {
      const behind = v.sent - v.acked;
      if (behind > this.opts.low && now - v.lastAck > this.opts.staleMs) continue;
      max = Math.max(max, behind);
    }
    return max;
  }

  /** Re-evaluates pause/resume; call on every change and from a timer while paused. */
  update(parsePending: number): void {
    const behind = this.backlog();
    const parseHigh = this.opts.parseHigh ?? 16 * 1024 * 1024;
    const parseLow = this.opts.parseLow ?? 12 * 1024 * 1024;
    if (!this.paused && (behind > this.opts.high || parsePending > parseHigh)) {
      this.paused = true;
      this.setPaused(true);
    } else if (this.paused && behind <= this.opts.low && parsePending <= parseLow) {
      this.paused = false;
      this.setPaused(false);
    }
  }
}
