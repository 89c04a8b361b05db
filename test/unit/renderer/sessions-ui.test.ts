/**
 * The sessions UI's own decisions, under Node: which diff a review selection asks for (a
 * shift-click range starts at the older commit's parent, a root commit falls back to the
 * session base), and which status dot a session shows (attention refines "running").
 */
import { describe, expect, it } from 'vitest';
import type { CommitList, CommitSummary } from '../../../src/shared/schemas/commits';
import type { SessionInfo } from '../../../src/shared/schemas/session';
import { targetOf } from '../../../src/renderer/src/components/sessions/review-target';
import { shownStatus } from '../../../src/renderer/src/stores/session-status';

const h = (c: string) => c.repeat(40);
function commit(hash: string, parents: string[]): CommitSummary {
  return {
    hash,
    parents,
    authorName: 'A',
    authorEmail: 'a@example.invalid',
    date: '2026-01-01T00:00:00Z',
    subject: 's',
    message: 's',
    filesChanged: 1,
    insertions: 1,
    deletions: 0,
  };
}
// Newest first: c3 -> c2 -> c1 -> base.
const list: CommitList = {
  sessionId: 's1',
  branch: 'claude/x',
  base: h('0'),
  tip: h('3'),
  commits: [commit(h('3'), [h('2')]), commit(h('2'), [h('1')]), commit(h('1'), [h('0')])],
  pendingRewrite: null,
};

describe('review selection', () => {
  it('diffs the whole session, one commit, or a range from the older commit’s parent', () => {
    expect(targetOf(list, { kind: 'session' })).toEqual({ kind: 'session' });
    expect(targetOf(list, { kind: 'commits', from: 1, to: 1 })).toEqual({
      kind: 'commit',
      commit: h('2'),
    });
    // Shift-click in either order: c1..c3 means base..c3.
    for (const [from, to] of [
      [0, 2],
      [2, 0],
    ] as const) {
      expect(targetOf(list, { kind: 'commits', from, to })).toEqual({
        kind: 'range',
        from: h('0'),
        to: h('3'),
      });
    }
  });

  it('shows the user’s starting edits as their own commit, once they are on the host', () => {
    const start = h('0');
    expect(targetOf(list, { kind: 'start' }, start)).toEqual({ kind: 'commit', commit: start });
    expect(targetOf({ ...list, tip: null, commits: [] }, { kind: 'start' }, start)).toBeNull();
    expect(targetOf(list, { kind: 'start' })).toBeNull();
  });

  it('has nothing to diff before the first import, and a root commit uses the base', () => {
    expect(targetOf({ ...list, tip: null, commits: [] }, { kind: 'session' })).toBeNull();
    const rooted = { ...list, commits: [commit(h('2'), [h('1')]), commit(h('1'), [])] };
    expect(targetOf(rooted, { kind: 'commits', from: 0, to: 1 })).toEqual({
      kind: 'range',
      from: h('0'),
      to: h('2'),
    });
  });
});

describe('status dot', () => {
  const s = { status: 'running' } as SessionInfo;
  it('shows waiting for input and agent exit only for a running session', () => {
    expect(shownStatus(s, undefined)).toBe('running');
    expect(shownStatus(s, { state: 'working' })).toBe('running');
    expect(shownStatus(s, { state: 'waiting' })).toBe('waiting');
    expect(shownStatus(s, { state: 'finished' })).toBe('finished');
    expect(shownStatus({ ...s, status: 'stopped' }, { state: 'waiting' })).toBe('stopped');
    expect(shownStatus({ ...s, status: 'unknown' }, undefined)).toBe('unknown');
  });
});
