/**
 * Review data on big changes, with real git: a commit of 3000 files and a 5 MB file stay
 * usable (a file list first, each diff on demand, a size guard with "load anyway"); binary
 * files and renames are reported as such.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  diffFiles,
  fileDiff,
  fileImage,
  FILE_DIFF_GUARD_BYTES,
  FILE_DIFF_PART_LINES,
} from '../../../src/main/git/diff-files';
import { listSessionCommits } from '../../../src/main/git/review-log';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 }).trim();

describe('review data on large changes', () => {
  let dir = '';
  let base = '';
  let big = '';
  let moved = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ccr-review-'));
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'config', 'user.name', 'T');
    git(dir, 'config', 'user.email', 't@x');
    writeFileSync(
      join(dir, 'keep.txt'),
      Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n') + '\n',
    );
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'base');
    base = git(dir, 'rev-parse', 'HEAD');
    mkdirSync(join(dir, 'gen'));
    for (let i = 0; i < 3000; i++) writeFileSync(join(dir, 'gen', `f${i}.txt`), `file ${i}\n`);
    writeFileSync(
      join(dir, 'huge.txt'),
      'x'.repeat(99) + '\n'.repeat(1) + ('y'.repeat(99) + '\n').repeat(50_000),
    );
    writeFileSync(join(dir, 'image.bin'), Buffer.from([0, 1, 2, 0, 255, 0, 7]));
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'generate a lot');
    big = git(dir, 'rev-parse', 'HEAD');
    git(dir, 'mv', 'keep.txt', 'kept.txt');
    writeFileSync(
      join(dir, 'kept.txt'),
      Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n') + '\nline 50\n',
    );
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'rename');
    moved = git(dir, 'rev-parse', 'HEAD');
  });

  it('lists a 3000-file commit quickly with per-file numbers', async () => {
    const t0 = Date.now();
    const { files, truncated } = await diffFiles(dir, base, big);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(truncated).toBe(false);
    expect(files).toHaveLength(3002);
    expect(files.find((f) => f.path === 'gen/f42.txt')).toMatchObject({
      status: 'added',
      insertions: 1,
      deletions: 0,
      newSize: 8,
    });
    expect(files.find((f) => f.path === 'image.bin')).toMatchObject({
      binary: true,
      insertions: null,
    });
    const commits = await listSessionCommits(dir, moved, base);
    expect(commits.map((c) => [c.subject, c.filesChanged])).toEqual([
      ['rename', 1],
      ['generate a lot', 3002],
    ]);
  });

  it('sends the first part of a huge file until asked to load it whole', async () => {
    const guarded = await fileDiff(dir, base, big, 'huge.txt');
    expect(guarded.tooLarge).toBe(true);
    const shown = guarded.patch.split('\n').filter((l) => l.startsWith('+y')).length;
    expect(shown).toBeGreaterThan(1000);
    expect(shown).toBeLessThan(FILE_DIFF_PART_LINES);
    expect(guarded.totalLines).toBeGreaterThan(50_000);
    expect(guarded.size).toBeGreaterThan(FILE_DIFF_GUARD_BYTES);
    const loaded = await fileDiff(dir, base, big, 'huge.txt', { loadAnyway: true });
    expect(loaded.tooLarge).toBe(false);
    expect(loaded.patch.split('\n').filter((l) => l.startsWith('+y')).length).toBe(50_000);
  });

  it('reports binaries and renames as such', async () => {
    expect(await fileDiff(dir, base, big, 'image.bin')).toMatchObject({ binary: true, patch: '' });
    const { files } = await diffFiles(dir, big, moved);
    expect(files).toEqual([
      expect.objectContaining({
        path: 'kept.txt',
        oldPath: 'keep.txt',
        status: 'renamed',
        insertions: 1,
      }),
    ]);
    const d = await fileDiff(dir, big, moved, 'kept.txt', { oldPath: 'keep.txt' });
    expect(d.patch).toContain('rename from keep.txt');
    expect(d.patch).toContain('+line 50');
  });

  it('treats paths literally (a file named * is one file)', async () => {
    writeFileSync(join(dir, '*'), 'star\n');
    git(dir, 'add', '--', '*');
    git(dir, 'commit', '-q', '-m', 'star');
    const d = await fileDiff(dir, moved, git(dir, 'rev-parse', 'HEAD'), '*');
    expect(d.patch).toContain('+star');
    expect(d.patch).not.toContain('kept.txt');
  });
});

describe('whitespace-only changes can be left out of a file diff', () => {
  it('shows no lines for a re-indented file with ignoreWhitespace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccr-review-ws-'));
    const g = (...a: string[]) =>
      execFileSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@e.invalid', ...a], {
        encoding: 'utf8',
      }).trim();
    g('init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'a.py'), 'def f():\n  return 1\n');
    g('add', '-A');
    g('commit', '-qm', 'one');
    const one = g('rev-parse', 'HEAD');
    writeFileSync(join(dir, 'a.py'), 'def f():\n\treturn 1\n');
    g('commit', '-qam', 'reindent');
    const two = g('rev-parse', 'HEAD');
    const all = await fileDiff(dir, one, two, 'a.py');
    expect(all.patch).toContain('+\treturn 1');
    const hidden = await fileDiff(dir, one, two, 'a.py', { ignoreWhitespace: true });
    expect(hidden.patch).not.toContain('return 1');
  });
});

describe('an image file of a diff, for a preview', () => {
  it('sends both sides of a changed image as base64, and refuses non-images', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccr-review-img-'));
    const g = (...a: string[]) =>
      execFileSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@e.invalid', ...a], {
        encoding: 'utf8',
      }).trim();
    g('init', '-q', '-b', 'main');
    const one = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]);
    const two = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 3, 4, 5]);
    writeFileSync(join(dir, 'logo.PNG'), one);
    writeFileSync(join(dir, 'notes.bin'), one);
    g('add', '-A');
    g('commit', '-qm', 'one');
    const a = g('rev-parse', 'HEAD');
    writeFileSync(join(dir, 'logo.PNG'), two);
    writeFileSync(join(dir, 'notes.bin'), two);
    g('commit', '-qam', 'two');
    const b = g('rev-parse', 'HEAD');
    expect(await fileImage(dir, a, b, 'logo.PNG')).toEqual({
      mime: 'image/png',
      old: one.toString('base64'),
      new: two.toString('base64'),
    });
    expect(await fileImage(dir, null, a, 'logo.PNG')).toMatchObject({ old: null });
    await expect(fileImage(dir, a, b, 'notes.bin')).rejects.toThrow(/not an image/);
  });
});
