import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBranchName, defaultBranchName } from '../../../src/main/git/branch-name';
import { checkRepo, initRepo } from '../../../src/main/git/repo-check';
import { git } from '../../helpers/fixture-repo';

const dir = mkdtempSync(join(tmpdir(), 'ccr-branch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('session branch names', () => {
  it('defaults to claude/<date>-<time>', () => {
    expect(defaultBranchName(new Date(2026, 10, 26, 7, 5, 9))).toBe('claude/2026-11-26-070509');
  });

  it('accepts ordinary names', async () => {
    await expect(checkBranchName('claude/fix-login', dir)).resolves.toBe('claude/fix-login');
    await expect(checkBranchName('feature/ü-name', dir)).resolves.toBe('feature/ü-name');
  });

  it.each([
    '-rf',
    '--upload-pack=x',
    'a..b',
    'a b',
    'x~1',
    'ends.lock',
    '@{-1}',
    '@',
    'HEAD',
    'refs/heads/x',
    'trail/',
    'a:b',
    'x\ny',
  ])('refuses %j', async (name) => {
    await expect(checkBranchName(name, dir)).rejects.toMatchObject({ code: 'invalid-branch-name' });
  });
});

describe('repository checks', () => {
  it('refuses a folder that is not a repository, offers git init, then refuses an empty repo', async () => {
    await expect(checkRepo(dir)).rejects.toMatchObject({ code: 'not-a-git-repo' });
    await expect(initRepo(dir)).resolves.toEqual({ folder: dir, created: true });
    await expect(initRepo(dir)).resolves.toEqual({ folder: dir, created: false });
    await expect(checkRepo(dir)).rejects.toMatchObject({ code: 'repo-no-commits' });
  });

  it('supports a detached HEAD (branch null, head = the commit)', async () => {
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'one');
    const head = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'checkout', '-q', '--detach');
    const state = await checkRepo(join(dir, '.'));
    expect(state).toMatchObject({ head, branch: null, root: dir });
  });

  it('reads the chosen repository even when GIT_DIR in the app environment points elsewhere', async () => {
    const other = mkdtempSync(join(tmpdir(), 'ccr-other-'));
    try {
      git(other, 'init', '-q');
      git(other, 'commit', '-q', '--allow-empty', '-m', 'other');
      const head = git(dir, 'rev-parse', 'HEAD').trim();
      process.env.GIT_DIR = join(other, '.git');
      const state = await checkRepo(dir);
      expect(state).toMatchObject({ head, root: dir });
    } finally {
      delete process.env.GIT_DIR;
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('refuses relative and missing folders', async () => {
    await expect(checkRepo('relative/path')).rejects.toMatchObject({ code: 'invalid-folder' });
    await expect(checkRepo(join(dir, 'missing'))).rejects.toMatchObject({
      code: 'folder-not-found',
    });
  });
});

describe('remote URLs carried into the container', async () => {
  const { stripUserinfo } = await import('../../../src/main/git/repo-check');
  it.each([
    ['https://user:tok3n@github.com/o/r.git', 'https://github.com/o/r.git'],
    ['https://tok3n@github.com/o/r.git', 'https://github.com/o/r.git'],
    ['ssh://git@host.example/o/r.git', 'ssh://git@host.example/o/r.git'],
    ['ssh://git:pw@host.example/o/r.git', 'ssh://host.example/o/r.git'],
    ['git@github.com:o/r.git', 'git@github.com:o/r.git'],
    ['ext::sh -c touch% /tmp/pwned', null],
    ['ext::x', null],
    ['-uhoh', null],
    ['fd::3', null],
  ])('%s → %s', (input, want) => {
    expect(stripUserinfo(input)).toBe(want);
  });
});
