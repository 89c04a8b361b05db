import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../../src/main/transport/limiter';

const deferred = () => {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('heavy call limiter', () => {
  it('serves waiting callers in turn, so one busy caller does not delay another for long', async () => {
    const limiter = createLimiter(1);
    const busy = new AbortController();
    const other = new AbortController();
    const order: string[] = [];
    const first = deferred();
    const calls = [limiter.run(busy.signal, () => first.promise.then(() => order.push('busy-0')))];
    for (let i = 1; i <= 3; i++)
      calls.push(limiter.run(busy.signal, async () => order.push(`busy-${i}`)));
    calls.push(limiter.run(other.signal, async () => order.push('other')));
    expect(limiter.waiting).toBe(4);
    first.resolve();
    await Promise.all(calls);
    expect(order.indexOf('other')).toBe(2);
  });

  it('drops a waiting call whose caller went away, and refuses beyond the waiting cap', async () => {
    const limiter = createLimiter(1, 2);
    const gone = new AbortController();
    const held = deferred();
    const running = limiter.run(new AbortController().signal, () => held.promise);
    let ran = false;
    const dropped = limiter.run(gone.signal, async () => void (ran = true));
    const kept = limiter.run(new AbortController().signal, async () => 'kept');
    await expect(limiter.run(new AbortController().signal, async () => 'x')).rejects.toMatchObject({
      code: 'busy',
    });
    gone.abort();
    await expect(dropped).rejects.toMatchObject({ code: 'cancelled' });
    held.resolve();
    await expect(kept).resolves.toBe('kept');
    await running;
    expect(ran).toBe(false);
    expect(limiter.running + limiter.waiting).toBe(0);
  });
});
