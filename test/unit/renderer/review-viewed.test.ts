/**
 * Viewed marks of the review: kept per commit (another commit has its own), written to
 * localStorage so a reload or another window sees them, and a file whose change differs from
 * the one marked (the whole session after the agent's next commit) shows as not viewed again.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { DiffFile } from '../../../src/shared/schemas/commits';

const store = new Map<string, string>();
(globalThis as { localStorage?: unknown }).localStorage = {
  getItem: (k: string) => store.get(k) ?? null,
  setItem: (k: string, v: string) => void store.set(k, v),
};

const file = (path: string, insertions = 1): DiffFile => ({
  path,
  status: 'modified',
  binary: false,
  insertions,
  deletions: 0,
  oldSize: 10,
  newSize: 10 + insertions,
});

describe('review viewed marks', () => {
  beforeEach(() => store.clear());

  it('keeps marks per commit and in storage, and drops them when the change differs', async () => {
    const { isViewed, readMarks, useViewed } =
      await import('../../../src/renderer/src/stores/review-viewed');
    const a = file('src/a.ts');
    useViewed.getState().set('s1', 'c1', [a], true);
    expect(isViewed(readMarks('s1', 'c1'), a)).toBe(true);
    expect(isViewed(readMarks('s1', 'c2'), a)).toBe(false);
    // What a reload reads back.
    const saved = JSON.parse(store.get('ccr.reviewViewed:s1')!) as {
      scopes: Record<string, Record<string, string>>;
    };
    expect(Object.keys(saved.scopes.c1!)).toEqual(['src/a.ts']);
    // The same path with another change (more lines since): not viewed.
    expect(isViewed(readMarks('s1', 'c1'), file('src/a.ts', 5))).toBe(false);
    useViewed.getState().set('s1', 'c1', [a], false);
    expect(isViewed(readMarks('s1', 'c1'), a)).toBe(false);
  });
});
