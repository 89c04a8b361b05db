/**
 * Merging a session home with real git: fast-forward, merge commit, squash and rebase land on
 * the target with one compare-and-swap, conflicts and a moved target change nothing, and the
 * user's HEAD, index and work tree stay byte for byte what they were.
 */
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/errors';
import { casUpdateBranch } from '../../src/main/merge/plumbing';
import {
  checkoutView,
  commitOn,
  g,
  makeRepo,
  mergeService,
  session,
  SESSION_BRANCH,
} from './merge-fixture';

const refs = (dir: string) => g(dir, 'for-each-ref', '--format=%(refname) %(objectname)');

async function refused(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('merge home: fast-forward', () => {
  it('previews a fast-forward with the squash message prefilled', async () => {
    const r = makeRepo();
    const { service } = mergeService(session(r.dir, r.base));
    const p = await service.preview({ sessionId: 'merge-test', method: 'merge' });
    expect(p).toMatchObject({
      into: 'main',
      intoTip: r.base,
      sessionTip: r.tip,
      ahead: 2,
      behind: 0,
      fastForward: true,
      alreadyMerged: false,
      conflicts: [],
      checkedOut: true,
    });
    expect(p.branches[0]).toBe('main');
    expect(p.branches).not.toContain(SESSION_BRANCH);
    expect(p.squashMessage).toContain('* add feature\n  The body explains why.');
    expect(p.squashMessage).toContain('* tune lib');
  });

  it('fast-forwards the checked-out branch without touching the index or work tree', async () => {
    const r = makeRepo();
    const { service, events } = mergeService(session(r.dir, r.base));
    const before = checkoutView(r.dir, { headCommit: false });
    const res = await service.merge({
      sessionId: 'merge-test',
      method: 'merge',
      expectedIntoTip: r.base,
    });
    expect(res).toMatchObject({
      ok: true,
      oldTip: r.base,
      newTip: r.tip,
      fastForward: true,
      checkoutLags: true,
    });
    expect(g(r.dir, 'rev-parse', 'refs/heads/main')).toBe(r.tip);
    expect(checkoutView(r.dir, { headCommit: false })).toEqual(before);
    expect(events.filter((e) => e.name === 'sessionMerged').map((e) => e.payload)).toEqual([res]);
    expect(g(r.dir, 'reflog', '-1', '--format=%gs', 'refs/heads/main')).toContain(
      'merge claude/merge-test into main',
    );
  });

  it('rebase fast-forwards too; a target that is not checked out leaves everything of the user as it was', async () => {
    const r = makeRepo();
    g(r.dir, 'branch', 'release', r.base);
    const { service } = mergeService(session(r.dir, r.base));
    const before = checkoutView(r.dir);
    const res = await service.merge({ sessionId: 'merge-test', into: 'release', method: 'rebase' });
    expect(res).toMatchObject({ ok: true, newTip: r.tip, fastForward: true, checkoutLags: false });
    expect(checkoutView(r.dir)).toEqual(before);
  });
});

describe('merge home: diverged target', () => {
  function diverged() {
    const r = makeRepo();
    g(r.dir, 'branch', 'release', r.base);
    const moved = commitOn(r.dir, 'release', 'README.md', 'hello from release\n', 'release work');
    return { ...r, moved };
  }

  it('makes a merge commit as the user with both sides', async () => {
    const r = diverged();
    const { service } = mergeService(session(r.dir, r.base, { baseBranch: 'release' }));
    const before = checkoutView(r.dir);
    const res = await service.merge({ sessionId: 'merge-test', method: 'merge' });
    if (!res.ok) throw new Error('expected a clean merge');
    expect(res.fastForward).toBe(false);
    expect(g(r.dir, 'rev-parse', `${res.newTip}^1`, `${res.newTip}^2`).split('\n')).toEqual([
      r.moved,
      r.tip,
    ]);
    expect(g(r.dir, 'log', '-1', '--format=%an <%ae>|%cn|%s', res.newTip)).toBe(
      "User <user@example.invalid>|User|Merge branch 'claude/merge-test' into release",
    );
    expect(g(r.dir, 'show', `${res.newTip}:README.md`)).toBe('hello from release');
    expect(g(r.dir, 'show', `${res.newTip}:feature.txt`)).toBe('feature');
    expect(checkoutView(r.dir)).toEqual(before);
  });

  it('squashes into one commit with the edited message', async () => {
    const r = diverged();
    const { service } = mergeService(session(r.dir, r.base, { baseBranch: 'release' }));
    const before = checkoutView(r.dir);
    const res = await service.merge({
      sessionId: 'merge-test',
      method: 'squash',
      message: 'Feature, squashed',
    });
    if (!res.ok) throw new Error('expected a clean squash');
    expect(g(r.dir, 'rev-list', '--parents', '-n', '1', res.newTip)).toBe(
      `${res.newTip} ${r.moved}`,
    );
    expect(g(r.dir, 'log', '-1', '--format=%B', res.newTip)).toBe('Feature, squashed');
    expect(g(r.dir, 'show', `${res.newTip}:lib.txt`)).toBe('lib 1\nlib 2');
    expect(checkoutView(r.dir)).toEqual(before);
    // The session's commits are not on release, yet the work is home.
    expect((await service.gitState('merge-test')).merged).toBe(true);
  });

  it('rebases commit by commit, keeping the agent as author', async () => {
    const r = diverged();
    const { service } = mergeService(session(r.dir, r.base, { baseBranch: 'release' }));
    const before = checkoutView(r.dir);
    const res = await service.merge({ sessionId: 'merge-test', method: 'rebase' });
    if (!res.ok) throw new Error('expected a clean rebase');
    const log = g(
      r.dir,
      'log',
      '--format=%s|%an|%cn|%ad',
      '--date=raw',
      `${r.moved}..${res.newTip}`,
    ).split('\n');
    const orig = g(r.dir, 'log', '--format=%s|%an|User|%ad', '--date=raw', `${r.base}..${r.tip}`);
    expect(log).toEqual(orig.split('\n'));
    expect(log[0]).toMatch(/^tune lib\|Agent\|User\|/);
    expect(g(r.dir, 'rev-list', '--parents', '-n', '1', `${res.newTip}~1`)).toContain(r.moved);
    expect(g(r.dir, 'rev-list', '--merges', '--count', `${r.moved}..${res.newTip}`)).toBe('0');
    expect(g(r.dir, 'show', `${res.newTip}:README.md`)).toBe('hello from release');
    expect(checkoutView(r.dir)).toEqual(before);
  });

  it('rebases like git rebase: a change already on the target is skipped, not brought back', async () => {
    const r = makeRepo();
    g(r.dir, 'branch', 'release', r.base);
    // The target took the agent's first change (same patch), then reverted it.
    commitOn(r.dir, 'release', 'feature.txt', 'feature\n', 'cherry-picked feature');
    g(
      r.dir,
      'update-ref',
      'refs/heads/release',
      g(r.dir, 'commit-tree', `${r.base}^{tree}`, '-p', 'release', '-m', 'revert feature'),
    );
    const target = g(r.dir, 'rev-parse', 'release');
    const { service } = mergeService(session(r.dir, r.base, { baseBranch: 'release' }));
    const res = await service.merge({ sessionId: 'merge-test', method: 'rebase' });
    if (!res.ok) throw new Error('expected a clean rebase');
    expect(g(r.dir, 'log', '--format=%s', `${target}..${res.newTip}`)).toBe('tune lib');
    expect(g(r.dir, 'ls-tree', '--name-only', res.newTip).split('\n')).not.toContain('feature.txt');
    expect(g(r.dir, 'show', `${res.newTip}:lib.txt`)).toBe('lib 1\nlib 2');
  });

  it('signs the commits that land when the user signs theirs, never the throwaway ones', async () => {
    const r = diverged();
    g(r.dir, 'config', 'commit.gpgSign', 'true');
    g(r.dir, 'config', 'gpg.program', 'false'); // every signing attempt fails
    const { service } = mergeService(session(r.dir, r.base, { baseBranch: 'release' }));
    // The preview's replay makes only throwaway commits: no signing, so it works.
    const p = await service.preview({ sessionId: 'merge-test', method: 'rebase' });
    expect(p).toMatchObject({ fastForward: false, conflicts: [] });
    const before = { view: checkoutView(r.dir), refs: refs(r.dir) };
    const err = await refused(service.merge({ sessionId: 'merge-test', method: 'merge' }));
    expect(err.message).toMatch(/gpg failed to sign/);
    expect({ view: checkoutView(r.dir), refs: refs(r.dir) }).toEqual(before);
  });

  it('reports conflicts and changes nothing, for every method', async () => {
    const r = makeRepo();
    g(r.dir, 'branch', 'release', r.base);
    commitOn(r.dir, 'release', 'lib.txt', 'lib 1\nlib TWO\n', 'release edits lib');
    const { service, events } = mergeService(session(r.dir, r.base, { baseBranch: 'release' }));
    const before = { view: checkoutView(r.dir), refs: refs(r.dir) };
    for (const method of ['merge', 'squash', 'rebase'] as const) {
      const p = await service.preview({ sessionId: 'merge-test', method });
      expect(p.conflicts).toEqual(['lib.txt']);
      const res = await service.merge({ sessionId: 'merge-test', method });
      expect(res).toEqual({
        ok: false,
        sessionId: 'merge-test',
        into: 'release',
        method,
        conflicts: ['lib.txt'],
      });
    }
    expect({ view: checkoutView(r.dir), refs: refs(r.dir) }).toEqual(before);
    expect(events.filter((e) => e.name === 'sessionMerged')).toEqual([]);
    expect((await service.gitState('merge-test')).merged).toBe(false);
  });

  it('refuses when the target moved since the preview, changing nothing', async () => {
    const r = makeRepo();
    const { service } = mergeService(session(r.dir, r.base));
    const p = await service.preview({ sessionId: 'merge-test', method: 'squash' });
    commitOn(r.dir, 'main', 'other.txt', 'x\n', 'someone else');
    const before = { view: checkoutView(r.dir), refs: refs(r.dir) };
    const err = await refused(
      service.merge({ sessionId: 'merge-test', method: 'squash', expectedIntoTip: p.intoTip }),
    );
    expect(err.code).toBe('merge-target-moved');
    expect(err.message).toContain('nothing was changed');
    expect({ view: checkoutView(r.dir), refs: refs(r.dir) }).toEqual(before);
  });

  it('moves a branch only from the tip it was computed from (compare-and-swap)', async () => {
    const r = makeRepo();
    const moved = commitOn(r.dir, 'main', 'other.txt', 'x\n', 'someone else');
    expect(await casUpdateBranch(r.dir, 'main', r.tip, r.base, 'test')).toBe(false);
    expect(g(r.dir, 'rev-parse', 'refs/heads/main')).toBe(moved);
    expect(await casUpdateBranch(r.dir, 'main', r.tip, moved, 'test')).toBe(true);
  });

  it('says so when everything is already merged', async () => {
    const r = makeRepo();
    g(r.dir, 'update-ref', 'refs/heads/main', r.tip);
    const { service } = mergeService(session(r.dir, r.base));
    const p = await service.preview({ sessionId: 'merge-test', method: 'squash' });
    expect(p.alreadyMerged).toBe(true);
    const res = await service.merge({ sessionId: 'merge-test', method: 'squash' });
    expect(res).toMatchObject({ ok: true, oldTip: r.tip, newTip: r.tip, checkoutLags: false });
  });

  it('defaults to the current branch for sessions without a start branch, and asks on a detached HEAD', async () => {
    const r = makeRepo();
    const { service } = mergeService(session(r.dir, r.base, { baseBranch: undefined }));
    expect((await service.preview({ sessionId: 'merge-test', method: 'merge' })).into).toBe('main');
    g(r.dir, 'checkout', '-q', '--detach');
    const err = await refused(service.preview({ sessionId: 'merge-test', method: 'merge' }));
    expect(err.code).toBe('merge-no-target');
    const bad = await refused(
      service.preview({ sessionId: 'merge-test', into: 'no..pe', method: 'merge' }),
    );
    expect(bad.code).toBe('invalid-branch');
    const self = await refused(
      service.preview({ sessionId: 'merge-test', into: SESSION_BRANCH, method: 'merge' }),
    );
    expect(self.code).toBe('merge-into-self');
  });
});
