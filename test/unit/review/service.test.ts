/**
 * The review service without an engine: another process's change is noticed and emitted, a
 * message for a busy agent is held (persisted) and cancelling it returns the comments to
 * drafts, old-side comments quote the old file, and errors say what is wrong.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewState } from '../../../src/shared/schemas/review';
import { makeReviewRepo, numbered, sessionFor, type ReviewRepo } from '../../helpers/review-repo';
import { reviewService } from './service-fixture';
import { ReviewService } from '../../../src/main/review/service';
import { EventBus } from '../../../src/main/events';

describe('ReviewService', () => {
  let repo: ReviewRepo;
  let fx: ReturnType<typeof reviewService>;
  let c2: string;
  const running = () => sessionFor(repo.dir, { status: 'running', containerId: 'c0ffee' } as never);
  beforeEach(() => {
    repo = makeReviewRepo();
    repo.commit({ 'a.txt': numbered(10) });
    c2 = repo.commit({ 'a.txt': numbered(10).replace('line 4\n', 'line four\n') });
    fx = reviewService(running());
  });
  afterEach(() => {
    fx.cleanup();
    repo.cleanup();
  });

  it("another process's new comment is emitted as reviewChanged", async () => {
    const bus = new EventBus();
    const seen: ReviewState[] = [];
    bus.subscribe((name, p) => {
      if (name === 'reviewChanged') seen.push(p as ReviewState);
    });
    const other = new ReviewService({
      dataDir: fx.dataDir,
      bus,
      getSession: async () => running(),
      getEngine: async () => {
        throw new Error('none');
      },
      terminals: { list: () => [], write: () => undefined },
      feedback: async () => ({ mode: 'paste' }),
      pollMs: 50,
    });
    try {
      await fx.svc.add('rev-1', { kind: 'session' }, 'from the CLI');
      const deadline = Date.now() + 5000;
      while (!seen.some((s) => s.comments.length === 1) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 25));
      expect(seen.at(-1)?.comments[0]?.body).toBe('from the CLI');
    } finally {
      other.dispose();
    }
  });

  it('holds a message for a busy agent (persisted) and cancel returns the drafts', async () => {
    const c = await fx.svc.add('rev-1', { kind: 'file', path: 'a.txt', commit: c2 }, 'look');
    const r = await fx.svc.send('rev-1', 'msg \x1b[2J', [c.id], 'when-waiting');
    expect(r).toEqual({ sessionId: 'rev-1', delivered: false, via: 'paste' });
    // A new service (an app restart) sees the held message.
    const again = reviewService(running(), fx.dataDir);
    const held = await again.svc.get('rev-1');
    again.cleanup();
    expect(held.queued?.text).toBe('msg ⟨U+001B⟩[2J');
    expect(held.comments[0]!.state).toBe('queued');
    await expect(fx.svc.update('rev-1', c.id, 'edit')).rejects.toMatchObject({
      code: 'review-comment-queued',
    });
    const back = await fx.svc.cancelQueued('rev-1');
    expect(back.queued).toBeNull();
    expect(back.comments[0]!.state).toBe('draft');
  });

  it('old-side comments quote the old lines and keep their anchor', async () => {
    const c = await fx.svc.add(
      'rev-1',
      { kind: 'line', path: 'a.txt', side: 'old', startLine: 4, endLine: 4, commit: c2 },
      'why change this?',
    );
    expect(c.quote).toEqual(['line 4']);
    repo.commit({ 'a.txt': 'top\n' + numbered(10) });
    const after = (await fx.svc.get('rev-1')).comments[0]!;
    expect(after).toMatchObject({ outdated: false });
    expect(after.current).toBeUndefined();
  });

  it('refuses to paste into a terminal whose agent has exited (it is a shell now)', async () => {
    const c = await fx.svc.add('rev-1', { kind: 'session' }, 'hi');
    fx.bus.emit('sessionAttention', { sessionId: 'rev-1', state: 'finished', reason: 'exited' });
    await expect(fx.svc.send('rev-1', 'rm -rf /', [c.id], 'now')).rejects.toMatchObject({
      code: 'agent-not-running',
    });
    expect((await fx.svc.get('rev-1')).comments[0]!.state).toBe('draft');
  });

  it('says what is wrong', async () => {
    await expect(fx.svc.update('rev-1', 'nope-nope', 'x')).rejects.toMatchObject({
      code: 'review-comment-not-found',
    });
    await expect(fx.svc.remove('rev-1', 'nope-nope')).rejects.toMatchObject({
      code: 'review-comment-not-found',
    });
    await expect(fx.svc.compose('rev-1')).rejects.toMatchObject({
      code: 'review-nothing-to-send',
    });
    await expect(fx.svc.get('other')).rejects.toMatchObject({ code: 'session-not-found' });
  });
});
