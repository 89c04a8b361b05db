/**
 * The stored viewed marks: a change applies to its scope only, unmarking the last file drops
 * the scope, nothing changed writes nothing, the least recently changed scopes go beyond the
 * cap, and the poll's comparison names exactly the scopes that differ.
 */
import { describe, expect, it } from 'vitest';
import { emptyDoc } from '../../../src/main/review/store';
import {
  MAX_VIEWED_SCOPES,
  changedScopes,
  viewedIn,
  withViewed,
} from '../../../src/main/review/viewed';

describe('viewed marks in the review file', () => {
  it('marks and unmarks per scope; an unchanged set writes nothing', () => {
    const d1 = withViewed(emptyDoc(), 'c1', { 'a.ts': 'fp-a', 'b.ts': 'fp-b' })!;
    expect(viewedIn(d1, 'c1')).toEqual({ 'a.ts': 'fp-a', 'b.ts': 'fp-b' });
    expect(viewedIn(d1, 'c2')).toEqual({});
    expect(withViewed(d1, 'c1', { 'a.ts': 'fp-a' })).toBeNull();
    const d2 = withViewed(d1, 'c1', { 'a.ts': null, 'b.ts': null })!;
    expect(d2.viewed).toEqual({});
  });

  it('keeps the most recently changed scopes', () => {
    let d = emptyDoc();
    for (let i = 0; i < MAX_VIEWED_SCOPES + 5; i++) d = withViewed(d, `c${i}`, { f: 'x' })!;
    expect(Object.keys(d.viewed!)).toHaveLength(MAX_VIEWED_SCOPES);
    expect(Object.keys(d.viewed!)[0]).toBe('c5');
    // c5 is changed again: it becomes the most recent, so a new scope drops c6 instead.
    d = withViewed(d, 'c5', { g: 'y' })!;
    d = withViewed(d, 'new', { f: 'x' })!;
    const scopes = Object.keys(d.viewed!);
    expect(scopes).toHaveLength(MAX_VIEWED_SCOPES);
    expect(scopes).toContain('c5');
    expect(scopes).not.toContain('c6');
    expect(scopes.at(-1)).toBe('new');
  });

  it('names the scopes that differ', () => {
    expect(changedScopes(undefined, { c1: { a: 'x' } })).toEqual(['c1']);
    expect(
      changedScopes({ c1: { a: 'x' }, c2: { b: 'y' } }, { c1: { a: 'x' }, c2: { b: 'z' } }),
    ).toEqual(['c2']);
    expect(changedScopes({ c1: { a: 'x' } }, {})).toEqual(['c1']);
  });
});
