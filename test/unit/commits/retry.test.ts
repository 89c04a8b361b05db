/**
 * The retry policy of a failing import: each attempt may move a whole bundle, so the delays
 * grow exponentially up to a cap, and retries stop after a bound for that tip. A new tip
 * starts over.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, ImportRetry } from '../../../src/main/commits/retry';

describe('import retry policy', () => {
  it('backs off exponentially up to the cap, then stops after the bound', () => {
    const r = new ImportRetry({ firstDelayMs: 100, maxDelayMs: 350, attempts: 5 });
    const delays = [1, 2, 3, 4, 5].map(() => r.failed('a').delay);
    expect(delays).toEqual([100, 200, 350, 350, null]);
    expect(r.gaveUpOn).toBe('a');
  });

  it('starts over for a new tip, and after a success', () => {
    const r = new ImportRetry({ firstDelayMs: 100, maxDelayMs: 1000, attempts: 3 });
    r.failed('a');
    r.failed('a');
    expect(r.failed('b')).toEqual({ delay: 100, count: 1 });
    r.succeeded();
    expect(r.failed('b')).toEqual({ delay: 100, count: 1 });
  });

  it('by default stops within minutes, not after hours of full transfers', () => {
    const r = new ImportRetry();
    let total = 0;
    for (;;) {
      const { delay } = r.failed('a');
      if (delay === null) break;
      total += delay;
    }
    expect(DEFAULT_RETRY.attempts).toBeLessThanOrEqual(10);
    expect(total).toBeLessThan(10 * 60_000);
  });
});
