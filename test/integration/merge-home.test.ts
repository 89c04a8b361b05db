/**
 * After the merge, with real git: "Update my checkout" moves the user's work tree only when
 * none of their edits is in the way (keeping the unrelated ones), discarding asks again for
 * unpushed, unmerged commits, and the session list's git state reads local refs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/errors';
import {
  checkoutView,
  commitOn,
  g,
  makeRepo,
  mergeService,
  session,
  SESSION_BRANCH,
} from './merge-fixture';

async function refused(
  p: Promise<unknown>,
): Promise<{ code: string; message: string; hint?: string }> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e))
      return { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
    throw e;
  }
  throw new Error('expected a refusal');
}

async function merged() {
  const r = makeRepo();
  const m = mergeService(session(r.dir, r.base));
  const res = await m.service.merge({ sessionId: 'merge-test', method: 'merge' });
  if (!res.ok || !res.checkoutLags)
    throw new Error('expected a fast-forward that lags the checkout');
  return { r, m, res };
}

describe('update my checkout', () => {
  it('brings the work tree to the merged tip and keeps the edits in other files', async () => {
    const { r, m, res } = await merged();
    const out = await m.service.updateCheckout({
      sessionId: 'merge-test',
      branch: 'main',
      from: res.oldTip,
      to: res.newTip,
    });
    expect(out).toEqual({ updated: true, blockedBy: [] });
    expect(readFileSync(join(r.dir, 'feature.txt'), 'utf8')).toBe('feature\n');
    expect(readFileSync(join(r.dir, 'lib.txt'), 'utf8')).toBe('lib 1\nlib 2\n');
    expect(readFileSync(join(r.dir, 'notes.txt'), 'utf8')).toBe('notes, edited by the user\n');
    const status = execFileSync('git', ['status', '--porcelain=v1', '--untracked-files=all'], {
      cwd: r.dir,
      encoding: 'utf8',
    });
    expect(status.trimEnd().split('\n')).toEqual([
      ' M notes.txt',
      'A  staged.txt',
      '?? untracked.txt',
    ]);
  });

  it.each([
    ['an unstaged edit', (dir: string) => writeFileSync(join(dir, 'lib.txt'), 'mine\n'), 'lib.txt'],
    [
      'a staged edit',
      (dir: string) => {
        writeFileSync(join(dir, 'lib.txt'), 'mine\n');
        g(dir, 'add', 'lib.txt');
      },
      'lib.txt',
    ],
    [
      'an untracked file',
      (dir: string) => writeFileSync(join(dir, 'feature.txt'), 'mine\n'),
      'feature.txt',
    ],
  ])(
    'refuses, changing nothing, when %s is in a file the merge touched',
    async (_what, edit, file) => {
      const { r, m, res } = await merged();
      edit(r.dir);
      const before = checkoutView(r.dir);
      const out = await m.service.updateCheckout({
        sessionId: 'merge-test',
        branch: 'main',
        from: res.oldTip,
        to: res.newTip,
      });
      expect(out).toEqual({ updated: false, blockedBy: [file] });
      expect(checkoutView(r.dir)).toEqual(before);
    },
  );

  it.each([
    ['unstaged', false],
    ['staged', true],
  ])(
    'updates when the user already has the merged content of a file (%s), as after a session started from their edits',
    async (_how, stage) => {
      const r = makeRepo();
      // The session carried the user's edit of notes.txt (its "uncommitted changes at start").
      commitOn(
        r.dir,
        SESSION_BRANCH,
        'notes.txt',
        'notes, edited by the user\n',
        'Uncommitted changes at session start',
      );
      if (stage) g(r.dir, 'add', 'notes.txt');
      const m = mergeService(session(r.dir, r.base));
      const res = await m.service.merge({ sessionId: 'merge-test', method: 'merge' });
      if (!res.ok) throw new Error('expected a fast-forward');
      const out = await m.service.updateCheckout({
        sessionId: 'merge-test',
        branch: 'main',
        from: res.oldTip,
        to: res.newTip,
      });
      expect(out).toEqual({ updated: true, blockedBy: [] });
      expect(readFileSync(join(r.dir, 'notes.txt'), 'utf8')).toBe('notes, edited by the user\n');
      expect(readFileSync(join(r.dir, 'feature.txt'), 'utf8')).toBe('feature\n');
      const status = execFileSync('git', ['status', '--porcelain=v1', '--untracked-files=all'], {
        cwd: r.dir,
        encoding: 'utf8',
      });
      expect(status.trimEnd().split('\n')).toEqual(['A  staged.txt', '?? untracked.txt']);
    },
  );

  it('still refuses when the local file differs from what the merge brought', async () => {
    const r = makeRepo();
    commitOn(r.dir, SESSION_BRANCH, 'notes.txt', 'the agent changed the notes\n', 'agent notes');
    const m = mergeService(session(r.dir, r.base));
    const res = await m.service.merge({ sessionId: 'merge-test', method: 'merge' });
    if (!res.ok) throw new Error('expected a fast-forward');
    const before = checkoutView(r.dir);
    const out = await m.service.updateCheckout({
      sessionId: 'merge-test',
      branch: 'main',
      from: res.oldTip,
      to: res.newTip,
    });
    expect(out).toEqual({ updated: false, blockedBy: ['notes.txt'] });
    expect(checkoutView(r.dir)).toEqual(before);
  });

  it('refuses when the checkout is no longer on the merged tip', async () => {
    const { r, m, res } = await merged();
    commitOn(r.dir, 'main', 'other.txt', 'x\n', 'moved on');
    const err = await refused(
      m.service.updateCheckout({
        sessionId: 'merge-test',
        branch: 'main',
        from: res.oldTip,
        to: res.newTip,
      }),
    );
    expect(err.code).toBe('checkout-moved');
  });
});

describe('discard session', () => {
  it('asks again for commits that are neither pushed nor merged, then keeps the branch', async () => {
    const r = makeRepo();
    const m = mergeService(session(r.dir, r.base));
    const err = await refused(
      m.service.discard({ id: 'merge-test', deleteBranch: false, confirmUnmerged: false }),
    );
    expect(err.code).toBe('discard-unmerged');
    expect(err.message).toContain('2 commits');
    expect(err.hint).toMatch(/confirm/i);
    expect(m.removed).toEqual([]);
    const out = await m.service.discard({
      id: 'merge-test',
      deleteBranch: false,
      confirmUnmerged: true,
    });
    expect(out).toEqual({
      id: 'merge-test',
      branch: SESSION_BRANCH,
      branchDeleted: false,
      tip: r.tip,
    });
    expect(m.removed).toEqual(['merge-test']);
    expect(g(r.dir, 'rev-parse', SESSION_BRANCH)).toBe(r.tip);
  });

  it('deletes the branch when asked, once it is merged (no second question)', async () => {
    const { r, m } = await merged();
    g(r.dir, 'checkout', '-q', 'main'); // still on main; the session branch is not checked out
    const out = await m.service.discard({
      id: 'merge-test',
      deleteBranch: true,
      confirmUnmerged: false,
    });
    expect(out).toMatchObject({ branchDeleted: true, tip: r.tip });
    expect(g(r.dir, 'for-each-ref', `refs/heads/${SESSION_BRANCH}`)).toBe('');
    expect(m.removed).toEqual(['merge-test']);
  });

  it('does not ask again when the remote has the commits', async () => {
    const r = makeRepo();
    g(r.dir, 'update-ref', `refs/remotes/origin/${SESSION_BRANCH}`, r.tip);
    const m = mergeService(session(r.dir, r.base));
    await m.service.discard({ id: 'merge-test', deleteBranch: false, confirmUnmerged: false });
    expect(m.removed).toEqual(['merge-test']);
  });
});

describe('session git state', () => {
  it('reports ahead/behind, merged, pushed and the pull request', async () => {
    const r = makeRepo();
    const bare = mkdtempSync(join(tmpdir(), 'ccr-merge-remote-'));
    execFileSync('git', ['init', '-q', '--bare', bare]);
    g(r.dir, 'remote', 'add', 'origin', bare);
    const m = mergeService(session(r.dir, r.base));
    expect(await m.service.gitState('merge-test')).toEqual({
      sessionId: 'merge-test',
      branch: SESSION_BRANCH,
      baseBranch: 'main',
      tip: r.tip,
      ahead: 2,
      behind: 0,
      merged: false,
      mergedInto: null,
      pushed: 'no',
      pr: null,
    });
    commitOn(r.dir, 'main', 'other.txt', 'x\n', 'user work');
    g(r.dir, 'push', '-q', 'origin', SESSION_BRANCH);
    expect(await m.service.gitState('merge-test')).toMatchObject({
      ahead: 2,
      behind: 1,
      pushed: 'yes',
    });
    commitOn(r.dir, SESSION_BRANCH, 'more.txt', 'more\n', 'agent again');
    expect(await m.service.gitState('merge-test')).toMatchObject({ ahead: 3, pushed: 'behind' });
    m.bus.emit('prCreated', {
      sessionId: 'merge-test',
      forge: 'github',
      url: 'https://github.example/o/r/pull/7',
      number: 7,
      created: true,
      automatic: false,
    });
    await expect
      .poll(async () => (await m.service.gitState('merge-test')).pr)
      .toEqual({
        url: 'https://github.example/o/r/pull/7',
        number: 7,
        state: 'unknown',
      });
    const res = await m.service.merge({ sessionId: 'merge-test', method: 'merge' });
    expect(res.ok).toBe(true);
    expect(await m.service.gitState('merge-test')).toMatchObject({
      merged: true,
      mergedInto: 'main',
      ahead: 0,
      behind: 2, // the user's commit and the merge commit
    });
  });
});
