/**
 * The merge / discard / session-list UI's own decisions, under Node: how a method is named (a
 * fast-forward says so), what a merge moved, the session list's badges, what a discard's second
 * question names, and the git-state refresh queue (a burst of events for many sessions makes at
 * most one heavy call per session, a few at a time).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  aheadBehindText,
  discardLossText,
  gitBadges,
  mergeBlocked,
  methodLabel,
  movedText,
} from '../../../src/renderer/src/components/sessions/merge-text';
import {
  MergeConflicts,
  MergeDone,
} from '../../../src/renderer/src/components/sessions/MergeOutcome';
import { createRefreshQueue } from '../../../src/renderer/src/stores/git-state';
import type { MergePreview, SessionGitState } from '../../../src/shared/schemas/merge';

const h = (c: string) => c.repeat(40);
const preview: MergePreview = {
  sessionId: 's1',
  into: 'main',
  intoTip: h('a'),
  sessionTip: h('b'),
  ahead: 2,
  behind: 0,
  fastForward: true,
  alreadyMerged: false,
  conflicts: [],
  squashMessage: 'One\n\nTwo',
  checkedOut: true,
  branches: ['main', 'dev'],
};
const state: SessionGitState = {
  sessionId: 's1',
  branch: 'claude/x',
  baseBranch: 'main',
  tip: h('b'),
  ahead: 3,
  behind: 1,
  merged: false,
  mergedInto: null,
  pushed: 'no',
  pr: null,
};

describe('merge words', () => {
  it('says fast-forward for merge and rebase when the target allows it, never for squash', () => {
    expect(methodLabel('merge', true)).toBe('Merge (fast-forward)');
    expect(methodLabel('rebase', true)).toBe('Rebase (fast-forward)');
    expect(methodLabel('merge', false)).toBe('Merge commit');
    expect(methodLabel('rebase', false)).toBe('Rebase, then fast-forward');
    expect(methodLabel('squash', true)).toBe('Squash into one commit');
  });

  it('counts both sides and blocks what cannot merge', () => {
    expect(aheadBehindText({ ...preview, behind: 1 })).toBe(
      '2 commits to bring into main · main has 1 commit the session does not',
    );
    expect(mergeBlocked(preview)).toBeNull();
    expect(mergeBlocked({ ...preview, conflicts: ['a.txt'] })).toMatch(/conflict/);
    expect(mergeBlocked({ ...preview, alreadyMerged: true })).toMatch(/already on main/);
  });

  it('names what moved with short hashes', () => {
    const r = {
      ok: true as const,
      sessionId: 's1',
      into: 'main',
      method: 'squash' as const,
      oldTip: h('a'),
      newTip: h('c'),
      fastForward: false,
      checkoutLags: true,
    };
    expect(movedText(r)).toBe('main moved aaaaaaaa → cccccccc (one squashed commit)');
    expect(movedText({ ...r, method: 'merge', fastForward: true })).toContain('(fast-forward)');
    const html = renderToStaticMarkup(createElement(MergeDone, { result: r }));
    expect(html).toContain('Your work tree now lags <code>main</code>');
    expect(html).toContain('Update my checkout');
    expect(
      renderToStaticMarkup(createElement(MergeDone, { result: { ...r, checkoutLags: false } })),
    ).not.toContain('Update my checkout');
  });

  it('lists conflicting files as text, control characters made visible', () => {
    const html = renderToStaticMarkup(
      createElement(MergeConflicts, {
        sessionId: 's1',
        into: 'main',
        conflicts: ['src/a.ts', 'evil\x1b]52;c;AAAA\x07<b>.txt'],
      }),
    );
    expect(html).toContain('nothing was changed');
    expect(html).toContain('src/a.ts');
    expect(html).toContain('evil⟨U+001B⟩]52;c;AAAA⟨U+0007⟩&lt;b&gt;.txt');
    expect(html).not.toContain('\x1b');
    expect(html).toContain('Ask the agent to rebase onto main');
  });
});

describe('session list badges', () => {
  it('shows ahead/behind, not pushed; then merged, pushed and the PR with its state', () => {
    expect(gitBadges(state).map((b) => b.text)).toEqual(['↑3 ↓1', 'not pushed']);
    const later = gitBadges({
      ...state,
      ahead: 0,
      behind: 0,
      merged: true,
      mergedInto: 'release',
      pushed: 'yes',
      pr: { url: 'https://github.com/o/r/pull/7', number: 7, state: 'open' },
    });
    expect(later.map((b) => b.text)).toEqual(['merged → release', 'pushed', 'PR #7 open']);
    expect(later[2]!.url).toBe('https://github.com/o/r/pull/7');
    // A squash-merged branch stays "ahead" of its base: merged says it all.
    expect(gitBadges({ ...state, merged: true, mergedInto: 'main' }).map((b) => b.text)).toEqual([
      'merged → main',
      'not pushed',
    ]);
    expect(gitBadges({ ...state, pushed: 'behind' }).map((b) => b.text)).toContain('push behind');
    // A session without commits has no push state worth showing.
    expect(gitBadges({ ...state, tip: null, ahead: 0, behind: 0 })).toEqual([]);
  });

  it('says what a discard of unmerged work costs, by the branch choice', () => {
    expect(discardLossText(true, h('b'))).toBe(
      'Deleting the branch loses them: only the tip bbbbbbbb (shown after the discard) leads back to them until git prunes it.',
    );
    expect(discardLossText(false, h('b'))).toMatch(/^The branch stays in your repository/);
  });
});

describe('the git-state refresh queue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('coalesces a burst into one call per session, at most two at once', async () => {
    const calls: string[] = [];
    let inFlight = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const q = createRefreshQueue(
      (id) => {
        calls.push(id);
        most = Math.max(most, ++inFlight);
        return new Promise<void>((r) =>
          release.push(() => {
            inFlight--;
            r();
          }),
        );
      },
      400,
      2,
    );
    const ids = Array.from({ length: 50 }, (_, i) => `s${i}`);
    for (let round = 0; round < 5; round++) q.mark(ids);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(400);
    while (release.length) {
      release.shift()!();
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(calls).toHaveLength(50);
    expect(new Set(calls).size).toBe(50);
    expect(most).toBe(2);
    q.dispose();
  });

  it('reads a session again when it is marked while its call runs', async () => {
    const calls: string[] = [];
    let finish: () => void = () => {};
    const q = createRefreshQueue(
      (id) => {
        calls.push(id);
        return new Promise<void>((r) => (finish = r));
      },
      10,
      2,
    );
    q.mark(['s1']);
    await vi.advanceTimersByTimeAsync(10);
    q.mark(['s1']);
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toEqual(['s1']);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['s1', 's1']);
    finish();
    q.dispose();
  });
});
