/**
 * A real git repository in a temp dir with every kind of work-tree state a snapshot must get
 * right, and an independent description of what the snapshot should hold (walked from disk,
 * not computed by the code under test).
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ExpectedEntry {
  type: 'file' | 'symlink';
  /** sha256 of the content (files) or the link target (symlinks). */
  hash: string;
  /** Permission bits for files. */
  mode?: number;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'T',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 'T',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  });
}

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export interface FixtureRepo {
  dir: string;
  firstCommit: string;
  head: string;
  cleanup(): void;
}

/** Paths that must NOT be in the snapshot (ignored, AppleDouble, .git). */
export const EXCLUDED = new Set(['debug.log', '.env', 'build/out.js', '._foo']);

export function makeFixtureRepo(): FixtureRepo {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-snap-'));
  const w = (p: string, c: string | Buffer) => {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), c);
  };
  git(dir, 'init', '-q', '-b', 'main');
  w('a.txt', 'alpha\n');
  w('bin/run.sh', '#!/bin/sh\necho run\n');
  chmodSync(join(dir, 'bin/run.sh'), 0o755);
  symlinkSync('a.txt', join(dir, 'link'));
  w('binary.bin', randomBytes(4096));
  w('ünïcödé näme.txt', 'unicode\n');
  w('space name.txt', 'spaces\n');
  w('deleted.txt', 'to be deleted\n');
  w('staged.txt', 'v1\n');
  w('unstaged.txt', 'v1\n');
  w('both.txt', 'v1\n');
  w('.gitignore', '*.log\n.env\nbuild/\n');
  w('deep/er/path/file.md', '# deep\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'first');
  const firstCommit = git(dir, 'rev-parse', 'HEAD').trim();
  w('a.txt', 'alpha\nbeta\n');
  git(dir, 'commit', '-q', '-am', 'second');
  const head = git(dir, 'rev-parse', 'HEAD').trim();
  // Work-tree state on top of HEAD.
  unlinkSync(join(dir, 'deleted.txt'));
  w('staged.txt', 'v2 staged\n');
  git(dir, 'add', 'staged.txt');
  w('unstaged.txt', 'v2 unstaged\n');
  w('both.txt', 'v2 staged\n');
  git(dir, 'add', 'both.txt');
  w('both.txt', 'v3 unstaged on top\n');
  w('added.txt', 'new and staged\n');
  git(dir, 'add', 'added.txt');
  w('new.txt', 'untracked\n');
  w('dir/nested/untracked.md', 'untracked nested\n');
  w('debug.log', 'ignored\n');
  w('.env', 'SECRET=ignored\n');
  w('build/out.js', 'ignored build\n');
  w('._foo', 'appledouble');
  // Things that must not travel into the container.
  git(dir, 'remote', 'add', 'origin', 'https://someone:tok3n-canary@example.com/team/repo.git');
  w('.git/hooks/pre-commit', '#!/bin/sh\nexit 1\n');
  chmodSync(join(dir, '.git/hooks/pre-commit'), 0o755);
  git(dir, 'config', 'credential.helper', 'store');
  return { dir, firstCommit, head, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file and symlink of the work tree, except .git and the EXCLUDED ones. */
export function expectedSnapshot(dir: string, excluded = EXCLUDED): Map<string, ExpectedEntry> {
  const out = new Map<string, ExpectedEntry>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (r === '.git') continue;
      const abs = join(dir, r);
      const st = lstatSync(abs);
      if (st.isDirectory()) walk(r);
      else if (excluded.has(r)) continue;
      else if (st.isSymbolicLink())
        out.set(r, { type: 'symlink', hash: sha256(readlinkSync(abs)) });
      else out.set(r, { type: 'file', hash: sha256(readFileSync(abs)), mode: st.mode & 0o777 });
    }
  };
  walk('');
  return out;
}
