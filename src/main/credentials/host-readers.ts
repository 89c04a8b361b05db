/**
 * The few places where the credentials domain asks the host: small file reads and three
 * commands (`security`, `git config`, `gh auth token`). Commands run through execFile with
 * fixed argument arrays (git through the app's git runner, with its safe option list): no
 * secret is ever an argument, secrets only come back on stdout.
 */
import { execFile } from 'node:child_process';
import { lstat } from 'node:fs/promises';
import { readRegularFile } from '../config/safe-read';
import { runGit } from '../git/runner';
import type { GhTokenReader, GitConfigReader, KeychainReader } from './types';

/** Credentials and settings files are small; anything larger is not what we are looking for. */
export const MAX_FILE_BYTES = 1024 * 1024;

export type FileRead =
  | { ok: true; content: Buffer }
  | { ok: false; why: 'missing' | 'not-a-file' | 'too-large' | 'unreadable' };

/** Reads a regular file (symlinks followed) no bigger than `max`; a FIFO or device is refused. */
export async function readHostFile(path: string, max = MAX_FILE_BYTES): Promise<FileRead> {
  const r = await readRegularFile(path, { maxBytes: max });
  if (r.ok) return { ok: true, content: r.data };
  if (r.why === 'missing' || r.why === 'too-large') return { ok: false, why: r.why };
  if (r.why === 'folder' || r.why === 'not-a-file') return { ok: false, why: 'not-a-file' };
  return { ok: false, why: 'unreadable' };
}

export function describeFailedRead(why: Exclude<FileRead, { ok: true }>['why']): string {
  switch (why) {
    case 'missing':
      return 'not found';
    case 'not-a-file':
      return 'exists but is not a regular file';
    case 'too-large':
      return `larger than ${MAX_FILE_BYTES / 1024} KiB, skipped`;
    case 'unreadable':
      return 'exists but could not be read (permissions?)';
  }
}

export async function isSymlink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return false;
  }
}

interface RunResult {
  code: number | null;
  stdout: string;
}

/** execFile without a shell; never rejects (a missing command is code null). */
function run(
  file: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd: opts.cwd,
        env: opts.env,
        timeout: opts.timeoutMs,
        maxBuffer: MAX_FILE_BYTES,
        windowsHide: true,
        encoding: 'utf8',
      },
      (err, stdout) => {
        if (!err) return resolve({ code: 0, stdout });
        const code = typeof err.code === 'number' ? err.code : null;
        resolve({ code, stdout: '' });
      },
    );
  });
}

/**
 * Claude Code on macOS keeps its OAuth login in the login Keychain under this service name.
 * `-w` prints only the secret, on stdout. macOS may show an "allow access" dialog: the
 * generous timeout leaves the user time to answer it.
 */
export const KEYCHAIN_SERVICE = 'Claude Code-credentials';

export function defaultKeychainReader(env: NodeJS.ProcessEnv): KeychainReader {
  return async () => {
    const r = await run('security', ['find-generic-password', '-s', KEYCHAIN_SERVICE, '-w'], {
      env,
      timeoutMs: 60_000,
    });
    const value = r.stdout.trim();
    return r.code === 0 && value !== '' ? value : null;
  };
}

/** `git config --get` in the project folder, so repo-level and includeIf identities apply. */
export function defaultGitConfigReader(env: NodeJS.ProcessEnv): GitConfigReader {
  return async (key, cwd) => {
    const r = await runGit(cwd, ['config', '--get', key], {
      baseEnv: env,
      timeoutMs: 10_000,
      maxBuffer: MAX_FILE_BYTES,
    }).catch(() => null);
    const value = r?.stdout.toString('utf8').replace(/\r?\n$/, '') ?? '';
    return r?.exitCode === 0 && value !== '' ? value : null;
  };
}

/**
 * gh's stored login only: GH_TOKEN/GITHUB_TOKEN are removed from its environment, otherwise
 * `gh auth token` would just echo them back and the report would count them twice.
 */
export function defaultGhTokenReader(env: NodeJS.ProcessEnv): GhTokenReader {
  return async () => {
    const clean: NodeJS.ProcessEnv = { ...env };
    delete clean.GH_TOKEN;
    delete clean.GITHUB_TOKEN;
    delete clean.GH_ENTERPRISE_TOKEN;
    delete clean.GITHUB_ENTERPRISE_TOKEN;
    const r = await run('gh', ['auth', 'token'], { env: clean, timeoutMs: 10_000 });
    const value = r.stdout.trim();
    return r.code === 0 && value !== '' ? value : null;
  };
}
