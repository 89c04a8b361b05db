/**
 * Line comments follow their lines to the branch tip through each later commit's diff: moved
 * lines get new numbers, edited ones name the first commit that edited them, removed ones (or a
 * removed file) are marked outdated and kept.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mapLines } from '../../../src/main/review/reanchor';
import { makeReviewRepo, numbered, sessionFor, type ReviewRepo } from '../../helpers/review-repo';
import { reviewService } from './service-fixture';

describe('re-anchoring line comments', () => {
  let repo: ReviewRepo;
  let fx: ReturnType<typeof reviewService>;
  let c1: string;
  beforeEach(() => {
    repo = makeReviewRepo();
    c1 = repo.commit({ 'src/a.txt': numbered(20) });
    fx = reviewService(sessionFor(repo.dir));
  });
  afterEach(() => {
    fx.cleanup();
    repo.cleanup();
  });

  const add = (startLine: number, endLine: number, path = 'src/a.txt') =>
    fx.svc.add(
      'rev-1',
      { kind: 'line', path, side: 'new', startLine, endLine, commit: c1 },
      'why?',
    );
  const find = async (id: string) => (await fx.svc.get('rev-1')).comments.find((c) => c.id === id)!;

  it('quotes the anchored lines from git', async () => {
    const c = await add(5, 6);
    expect(c.quote).toEqual(['line 5', 'line 6']);
    expect(c.current).toEqual({ startLine: 5, endLine: 6 });
  });

  it('lines moved by an insert above: current shifts, not changedIn', async () => {
    const c = await add(10, 12);
    const lines = numbered(20).split('\n');
    lines.splice(2, 0, 'new a', 'new b', 'new c');
    repo.commit({ 'src/a.txt': lines.join('\n') });
    const after = await find(c.id);
    expect(after.current).toEqual({ startLine: 13, endLine: 15 });
    expect(after.changedIn).toBeUndefined();
    expect(after.outdated).toBe(false);
    // Emitted to windows, not only returned.
    expect(fx.events.length).toBeGreaterThan(1);
  });

  it('lines edited: changedIn is the first commit that edited them', async () => {
    const c = await add(10, 12);
    repo.commit({ 'src/other.txt': 'unrelated\n' });
    const edit = repo.commit({ 'src/a.txt': numbered(20).replace('line 11\n', 'line eleven\n') });
    repo.commit({ 'src/a.txt': numbered(20).replace('line 11\n', 'line 11!\n') });
    const after = await find(c.id);
    expect(after.changedIn).toBe(edit);
    expect(after.outdated).toBe(false);
    expect(after.current).toEqual({ startLine: 10, endLine: 12 });
  });

  it('lines deleted: outdated, kept', async () => {
    const c = await add(10, 12);
    const lines = numbered(20).split('\n');
    lines.splice(9, 3);
    repo.commit({ 'src/a.txt': lines.join('\n') });
    const after = await find(c.id);
    expect(after.outdated).toBe(true);
    expect(after.current).toBeUndefined();
    expect((await fx.svc.get('rev-1')).comments).toHaveLength(1);
  });

  it('file deleted: outdated, kept', async () => {
    const c = await add(3, 3);
    const gone = repo.commit({ 'src/a.txt': null });
    const after = await find(c.id);
    expect(after.outdated).toBe(true);
    expect(after.changedIn).toBe(gone);
  });

  it('file renamed with its lines moved: follows the new path', async () => {
    const c = await add(4, 4);
    repo.commit({ 'src/a.txt': null, 'src/b.txt': 'top\n' + numbered(20) });
    const after = await find(c.id);
    expect(after.current).toEqual({ startLine: 5, endLine: 5 });
    expect(after.outdated).toBe(false);
    expect(after.changedIn).toBeUndefined();
  });

  it('follows the lines when a commit is imported, and tells the windows', async () => {
    const c = await add(10, 10);
    const lines = numbered(20).split('\n');
    lines.unshift('new top');
    const tip = repo.commit({ 'src/a.txt': lines.join('\n') });
    const before = fx.events.length;
    fx.bus.emit('commitImported', {
      sessionId: 'rev-1',
      branch: 'claude/review-test',
      tip,
      previousTip: c1,
      commits: [tip],
      elapsedMs: 1,
    });
    const deadline = Date.now() + 10_000;
    while (fx.events.length === before && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    const last = fx.events.at(-1) as { comments: { id: string; current?: unknown }[] };
    expect(last.comments.find((x) => x.id === c.id)?.current).toEqual({
      startLine: 11,
      endLine: 11,
    });
  });

  it('quotes at most 50 lines', async () => {
    const big = repo.commit({ 'big.txt': numbered(80) });
    const c = await fx.svc.add(
      'rev-1',
      { kind: 'line', path: 'big.txt', side: 'new', startLine: 1, endLine: 60, commit: big },
      'long',
    );
    expect(c.quote).toHaveLength(51);
    expect(c.quote.at(-1)).toBe('… (10 more line(s) not quoted)');
  });

  it('refuses anchors outside the diff or past the end of the file', async () => {
    await expect(add(19, 21)).rejects.toMatchObject({ code: 'review-anchor-not-in-diff' });
    await expect(add(1, 1, 'README')).rejects.toMatchObject({ code: 'review-anchor-not-in-diff' });
    await expect(
      fx.svc.add(
        'rev-1',
        {
          kind: 'line',
          path: 'src/a.txt',
          side: 'new',
          startLine: 1,
          endLine: 1,
          commit: 'f'.repeat(40),
        },
        'x',
      ),
    ).rejects.toMatchObject({ code: 'review-anchor-invalid' });
  });
});

describe('mapLines', () => {
  it('an insertion inside the range is a change; one right after it is not', () => {
    const inside = mapLines({ startLine: 5, endLine: 7 }, [
      { oldStart: 5, oldCount: 0, newStart: 6, newCount: 2 },
    ]);
    expect(inside).toMatchObject({ changed: true, startLine: 5, endLine: 9 });
    const after = mapLines({ startLine: 5, endLine: 7 }, [
      { oldStart: 7, oldCount: 0, newStart: 8, newCount: 2 },
    ]);
    expect(after).toMatchObject({ changed: false, startLine: 5, endLine: 7 });
  });
});
