/**
 * The host git runner with real git (and a fake `git` for a process that hangs): exit codes
 * come back as data, blobs as exact bytes, and git that runs too long, says too much, is
 * cancelled, is missing or is asked to undo the safe list is stopped with a clear error.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../../../src/main/git/runner';
import { AppError } from '../../../src/shared/errors';

let repo: string;
let blob: string;
const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 10, 0, 13]);

/** The AppError a call rejects with. */
const failure = (p: Promise<unknown>): Promise<AppError> =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(AppError);
      return e as AppError;
    },
  );

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'ccr-runner-'));
  spawnSync('git', ['init', '-q', repo]);
  const file = join(repo, 'bin.dat');
  writeFileSync(file, bytes);
  blob = spawnSync('git', ['hash-object', '-w', '--', file], {
    cwd: repo,
    encoding: 'utf8',
  }).stdout.trim();
});

describe('host git runner', () => {
  it('returns a non-zero exit with its stderr instead of throwing', async () => {
    const r = await runGit(repo, ['rev-parse', '--verify', '--quiet', 'refs/heads/none']);
    expect(r.exitCode).toBe(1);
    const bad = await runGit(repo, ['cat-file', '-t', 'nope']);
    expect(bad.exitCode).toBe(128);
    expect(bad.stderr).toMatch(/not a valid object name|Not a valid object name/);
  });

  it('reads a binary blob byte for byte', async () => {
    const r = await runGit(repo, ['cat-file', 'blob', blob]);
    expect(r.exitCode).toBe(0);
    expect(Buffer.compare(r.stdout, bytes)).toBe(0);
  });

  it('feeds stdin, and ends it when there is none', async () => {
    const r = await runGit(repo, ['hash-object', '--stdin'], { input: bytes });
    expect(r.stdout.toString().trim()).toBe(blob);
    const empty = await runGit(repo, ['hash-object', '-t', 'tree', '--stdin']);
    expect(empty.stdout.toString().trim()).toBe('4b825dc642cb6eb9a060e54bf8d69288fbee4904');
  });

  it('stops git that writes more than allowed', async () => {
    const e = await failure(runGit(repo, ['cat-file', 'blob', blob], { maxBuffer: 4 }));
    expect(e.code).toBe('git-output-too-large');
  });

  it('stops git that makes no progress, and git that is cancelled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccr-fake-git-'));
    const fake = join(dir, 'fake-git');
    writeFileSync(fake, '#!/bin/sh\nexec sleep 30\n');
    chmodSync(fake, 0o755);
    const stalled = await failure(runGit(repo, ['status'], { binary: fake, idleMs: 200 }));
    expect(stalled.message).toMatch(/made no progress/);
    const ac = new AbortController();
    const cancelled = failure(runGit(repo, ['status'], { binary: fake, signal: ac.signal }));
    ac.abort();
    expect((await cancelled).message).toMatch(/cancelled/);
  });

  it('says git is missing when it is', async () => {
    const e = await failure(runGit(repo, ['status'], { binary: '/nonexistent/git' }));
    expect(e.code).toBe('git-missing');
  });

  it('refuses arguments that would undo the safe list or leave the repository', async () => {
    for (const args of [
      ['-c', 'core.hooksPath=/tmp/evil', 'status'],
      ['-c', 'credential.helper=!evil', 'status'],
      ['-c', 'core.sshCommand=evil', 'status'],
      ['--git-dir=/tmp', 'status'],
      ['-C', '/tmp', 'status'],
      ['--config-env=core.pager=X', 'status'],
    ]) {
      const e = await failure(runGit(repo, args));
      expect(e.code, args.join(' ')).toBe('git-failed');
      expect(e.message, args.join(' ')).toMatch(/refused/);
    }
  });

  it('refuses a GIT_* variable a caller may not set', async () => {
    const e = await failure(runGit(repo, ['status'], { env: { GIT_EXEC_PATH: '/tmp' } }));
    expect(e.message).toMatch(/refused/);
  });
});
