/**
 * A kit watcher that ended is started again: 500 ms after the first end, twice as long after
 * each following one up to 30 s, back to 500 ms once it works; never while its container is
 * stopped (it looks again later) and never after its owner stopped.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WatchRestart } from '../../../src/main/kit/watch-exec';

describe('WatchRestart', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('backs off 500 ms → 30 s, and starts short again once the watcher works', async () => {
    const restart = vi.fn();
    const r = new WatchRestart({ restart, cancelled: () => false });
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      delays.push(r.schedule());
      await vi.advanceTimersByTimeAsync(delays.at(-1)!);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(restart).toHaveBeenCalledTimes(8);
    r.working();
    expect(r.schedule()).toBe(500);
  });

  it('one restart at a time: a second end while one is pending schedules nothing more', async () => {
    const restart = vi.fn();
    const r = new WatchRestart({ restart, cancelled: () => false });
    r.schedule();
    r.schedule();
    await vi.advanceTimersByTimeAsync(5000);
    expect(restart).toHaveBeenCalledTimes(1);
  });

  it('waits while the container is stopped, restarts once it runs', async () => {
    let running = false;
    const restart = vi.fn();
    const r = new WatchRestart({
      containerRunning: async () => running,
      restart,
      cancelled: () => false,
    });
    r.schedule();
    await vi.advanceTimersByTimeAsync(500 + 1000 + 2000);
    expect(restart).not.toHaveBeenCalled();
    running = true;
    await vi.advanceTimersByTimeAsync(4000);
    expect(restart).toHaveBeenCalledTimes(1);
  });

  it('nothing happens after the owner stopped, pending or not', async () => {
    let stopped = false;
    const restart = vi.fn();
    const r = new WatchRestart({ restart, cancelled: () => stopped });
    r.schedule();
    stopped = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(restart).not.toHaveBeenCalled();
    expect(r.schedule()).toBe(0);
    r.cancel();
  });
});
