/**
 * The one way the app runs the host's git on the user's repository: simple-git with the safe
 * list (safe-options.ts) as its per-instance config, a cleaned environment, its `unsafe` and
 * environment guards on, its block timeout for "no progress", and an AbortSignal for total
 * limits and output caps. One simple-git instance per call: config, env, timeout and abort are
 * per instance, and a call's settings must never leak into another's.
 *
 * Output is kept as bytes (blobs, object lists, NUL-separated lists): the exit code is read in
 * simple-git's error hook, which sees every result, so a non-zero exit is data here and callers
 * decide whether it is an error.
 *
 * spawnGit is the exception for the two places that stream into git's stdin (a bundle of any
 * size, one git's output piped into another): simple-git only takes stdin as a whole buffer.
 * It uses the same argument and environment builders.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { GitConstructError, GitPluginError, simpleGit } from 'simple-git';
import { AppError } from '../../shared/errors';
import {
  allowedEnv,
  checkCallerEnv,
  configFor,
  type CredentialUse,
  gitEnv,
  RELAXED_GUARDS,
  withCommandOptions,
} from './safe-options';

export interface RunGitOptions {
  /** Extra variables (names in safe-options' CALLER_ENV); merged over the cleaned environment. */
  env?: NodeJS.ProcessEnv;
  /** The environment to clean; default process.env. */
  baseEnv?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  /** Bytes of stdout before git is stopped. */
  maxBuffer?: number;
  /** Total time before git is stopped; 0 or unset: none. */
  timeoutMs?: number;
  /** Stop git only after this long without output (ask for `--progress` on long walks). */
  idleMs?: number;
  signal?: AbortSignal;
  /** 'user' only for a push: the user's credential helper and askpass stay on. */
  credentials?: CredentialUse;
  /** The git program; default `git` from PATH. */
  binary?: string;
}

export interface RunGitResult {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

type Stop = 'timeout' | 'too-large' | 'aborted';

interface Seen {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
  /** simple-git's block timeout (idleMs) stopped it. */
  stalled: boolean;
}

/** Runs git in `cwd`; resolves with any exit code, rejects only when git could not run or was stopped. */
export async function runGit(
  cwd: string,
  args: string[],
  opts: RunGitOptions = {},
): Promise<RunGitResult> {
  const credentials = opts.credentials ?? 'none';
  const full = withCommandOptions(args, credentials);
  checkCallerEnv(opts.env);
  const stopper = new AbortController();
  let stop: Stop | null = null;
  const halt = (why: Stop) => {
    stop ??= why;
    stopper.abort();
  };
  const onAbort = () => halt('aborted');
  if (opts.signal?.aborted) halt('aborted');
  opts.signal?.addEventListener('abort', onAbort);
  const total = opts.timeoutMs ? setTimeout(() => halt('timeout'), opts.timeoutMs) : null;

  // Filled by simple-git's error hook, which sees every finished process.
  const seen: { result: Seen | null } = { result: null };
  const input = opts.input === undefined ? Buffer.alloc(0) : Buffer.from(opts.input);
  try {
    const instance = simpleGit({
      baseDir: cwd,
      binary: opts.binary ?? 'git',
      config: configFor(credentials),
      unsafe: RELAXED_GUARDS,
      allowEnvironment: allowedEnv(credentials),
      abort: stopper.signal,
      // Always something, even empty: git then sees the end of stdin instead of waiting on it.
      input: () => input,
      ...(opts.idleMs ? { timeout: { block: opts.idleMs } } : {}),
      errors: (error, result) => {
        seen.result = {
          exitCode: result.exitCode ?? -1,
          stdout: Buffer.concat(result.stdOut),
          stderr: Buffer.concat(result.stdErr).toString('utf8'),
          stalled: error instanceof GitPluginError && error.plugin === 'timeout',
        };
        return undefined;
      },
    }).env(gitEnv(opts.baseEnv ?? process.env, opts.env, credentials));
    const max = opts.maxBuffer;
    instance.outputHandler((_cmd, stdout) => {
      // simple-git's completion plugin waits 50 ms more after a process that wrote nothing (in
      // case output comes late), which would add 50 ms to every silent call (update-ref,
      // merge-base --is-ancestor). At the end of stdout nothing can come late: an empty chunk
      // tells it so.
      stdout.once('end', () => stdout.emit('data', Buffer.alloc(0)));
      if (max === undefined) return;
      let bytes = 0;
      stdout.on('data', (c: Buffer) => {
        bytes += c.length;
        if (bytes > max) halt('too-large');
      });
    });
    // cat-file as a buffer task: blobs are bytes, and simple-git's raw would make a string of them.
    await (full[0] === 'cat-file' ? instance.binaryCatFile(full.slice(1)) : instance.raw(full));
  } catch (e) {
    if (e instanceof GitConstructError) {
      throw new AppError('git-failed', `git cannot run in ${cwd}: the folder does not exist`);
    }
    if (e instanceof GitPluginError) {
      throw new AppError('git-failed', `the app refused to run git ${args[0]}: ${e.message}`);
    }
    if (!seen.result) throw e;
  } finally {
    if (total) clearTimeout(total);
    opts.signal?.removeEventListener('abort', onAbort);
  }
  const r = seen.result;
  if (!r) throw new AppError('git-failed', `git ${args[0]} did not report a result`);
  if (r.stalled) stop ??= 'timeout';
  if (stop) throw stopped(stop, args, opts, r.stalled);
  if (r.exitCode < 0 && /\bspawn \S+ ENOENT\b/.test(r.stderr)) {
    throw new AppError(
      'git-missing',
      'git is not installed or not on PATH',
      'Install git and restart the app.',
    );
  }
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

function stopped(why: Stop, args: string[], opts: RunGitOptions, stalled: boolean): AppError {
  if (why === 'too-large')
    return new AppError('git-output-too-large', `git ${args[0]} produced more output than allowed`);
  if (why === 'aborted') return new AppError('git-failed', `git ${args[0]} was cancelled`);
  if (stalled) {
    return new AppError(
      'git-failed',
      `git ${args[0]} made no progress for ${Math.round((opts.idleMs ?? 0) / 1000)} s and was stopped`,
    );
  }
  return new AppError(
    'git-failed',
    `git ${args[0]} did not finish within ${Math.round((opts.timeoutMs ?? 0) / 1000)} s`,
  );
}

export interface SpawnGitOptions {
  env?: NodeJS.ProcessEnv;
  baseEnv?: NodeJS.ProcessEnv;
  binary?: string;
}

/**
 * git as a child process with piped stdio, for streaming into its stdin: the same safe list,
 * per-command options and cleaned environment as runGit. Callers own the process (timers, kill).
 */
export function spawnGit(
  cwd: string,
  args: string[],
  opts: SpawnGitOptions = {},
): ChildProcessWithoutNullStreams {
  const config = configFor('none').flatMap((kv) => ['-c', kv]);
  checkCallerEnv(opts.env);
  return spawn(opts.binary ?? 'git', [...config, ...withCommandOptions(args, 'none')], {
    cwd,
    env: gitEnv(opts.baseEnv ?? process.env, opts.env),
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
}
