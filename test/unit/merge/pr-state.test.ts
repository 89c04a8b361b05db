import { describe, expect, it } from 'vitest';
import { PrStateCache, type PrStateLookup } from '../../../src/main/merge/pr-state';
import type { SessionInfo } from '../../../src/shared/schemas/session';

const s = { id: 'sess-1' } as SessionInfo;

function counting(answer: () => Promise<'open' | 'closed' | 'merged'>) {
  const calls: number[] = [];
  const lookup: PrStateLookup = (_s, n) => {
    calls.push(n);
    return answer();
  };
  return { lookup, calls };
}

describe('pull request state cache', () => {
  it('answers at once, then from the forge once it replied', async () => {
    const { lookup, calls } = counting(async () => 'merged');
    const cache = new PrStateCache(lookup);
    expect(cache.peek(s, 7)).toBe('unknown');
    await cache.settled();
    expect(cache.peek(s, 7)).toBe('merged');
    expect(calls).toEqual([7]);
  });

  it('never waits for a forge that does not answer, and gives up after the timeout', async () => {
    const { lookup, calls } = counting(() => new Promise(() => undefined));
    const cache = new PrStateCache(lookup, 60_000, 20);
    const t0 = Date.now();
    expect(cache.peek(s, 1)).toBe('unknown');
    expect(Date.now() - t0).toBeLessThan(20);
    expect(cache.peek(s, 1)).toBe('unknown');
    expect(calls).toHaveLength(1); // one question in flight at a time
    await cache.settled();
    expect(cache.peek(s, 1)).toBe('unknown');
  });

  it('asks again only after the TTL, and a failure reads as unknown', async () => {
    let now = 0;
    let answer: () => Promise<'open' | 'closed' | 'merged'> = async () => 'open';
    const { lookup, calls } = counting(() => answer());
    const cache = new PrStateCache(lookup, 1000, 1000, () => now);
    cache.peek(s, 2);
    await cache.settled();
    now = 500;
    expect(cache.peek(s, 2)).toBe('open');
    expect(calls).toHaveLength(1);
    now = 1500;
    answer = async () => {
      throw new Error('forge down');
    };
    expect(cache.peek(s, 2)).toBe('open');
    await cache.settled();
    expect(calls).toHaveLength(2);
    expect(cache.peek(s, 2)).toBe('unknown');
  });
});
