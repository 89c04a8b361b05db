/**
 * How a failing import is retried. Each attempt may move a whole bundle (GiBs) out of the
 * container, so retries back off exponentially, capped, and stop after a bound for that tip;
 * a new tip (the agent committed again) or a new watch (session restart) starts over.
 */
export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** Failed attempts on the same tip before retries stop. */
  attempts: number;
}

/** 2, 4, 8 … 60 s: about 4 minutes of retries, at most 7 full transfers of one bad tip. */
export const DEFAULT_RETRY: RetryPolicy = { firstDelayMs: 2000, maxDelayMs: 60_000, attempts: 7 };

export class ImportRetry {
  private failing: { tip: string; count: number; delay: number } | null = null;
  /** Retries stopped for this tip. */
  gaveUpOn: string | null = null;

  constructor(readonly policy: RetryPolicy = DEFAULT_RETRY) {}

  succeeded(): void {
    this.failing = null;
  }

  /** After a failure of `tip`: the delay before the next attempt, or null when retries stop. */
  failed(tip: string): { delay: number | null; count: number } {
    if (this.failing?.tip !== tip)
      this.failing = { tip, count: 0, delay: this.policy.firstDelayMs };
    const f = this.failing;
    f.count += 1;
    if (f.count >= this.policy.attempts) {
      this.gaveUpOn = tip;
      return { delay: null, count: f.count };
    }
    const delay = f.delay;
    f.delay = Math.min(f.delay * 2, this.policy.maxDelayMs);
    return { delay, count: f.count };
  }
}
