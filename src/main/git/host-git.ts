/**
 * The host's git, run only inside the user's own repository (never inside a .git that an agent
 * wrote), as the helpers the rest of the app calls. Every one goes through the runner
 * (runner.ts: simple-git, one safe option list, a cleaned environment), so no call can forget
 * a setting.
 */
import { AppError } from '../../shared/errors';
import { type RunGitOptions, runGit, spawnGit } from './runner';

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface GitOptions {
  /** Extra variables (e.g. for tests); merged over the cleaned environment. */
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  /** Bytes of stdout before git is stopped; default 64 MiB. */
  maxBuffer?: number;
  timeoutMs?: number;
  /**
   * Instead of timeoutMs: stop git only after this long without output (pass a `--progress`
   * option so long walks count as output). For work whose size the container decides.
   */
  idleMs?: number;
  /** Resolve with a non-zero exit code instead of throwing. */
  allowFailure?: boolean;
  /** 'user' only for a push: the user's credential helper stays on. */
  credentials?: RunGitOptions['credentials'];
}

export function git(cwd: string, args: string[], opts: GitOptions = {}): Promise<GitResult> {
  return runGit(cwd, args, {
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.input !== undefined ? { input: opts.input } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    maxBuffer: opts.maxBuffer ?? 64 * 1024 * 1024,
    ...(opts.idleMs ? { idleMs: opts.idleMs } : { timeoutMs: opts.timeoutMs ?? 120_000 }),
  }).then((r) => {
    const stdout = r.stdout.toString('utf8');
    if (r.exitCode !== 0 && !opts.allowFailure) {
      throw new AppError(
        'git-failed',
        `git ${args[0]} failed (exit ${r.exitCode}): ${firstLines(r.stderr)}`,
      );
    }
    return { stdout, stderr: r.stderr, exitCode: r.exitCode };
  });
}

export interface GitBufferResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/**
 * `git` for binary output (trees, blobs, object lists of a snapshot): stdout as bytes, the
 * exit code returned rather than thrown. No timeout: a snapshot of a large repository takes as
 * long as it takes.
 */
export async function gitBuffer(
  cwd: string,
  args: string[],
  opts: { input?: Buffer; maxBuffer?: number } = {},
): Promise<GitBufferResult> {
  const r = await runGit(cwd, args, {
    ...(opts.input !== undefined ? { input: opts.input } : {}),
    maxBuffer: opts.maxBuffer ?? 1024 * 1024 * 1024,
  });
  return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

export function firstLines(text: string, n = 3): string {
  return text.trim().split('\n').slice(0, n).join(' / ').slice(0, 500);
}

/** The commit a ref points at, or null when it does not exist. */
export async function revParse(cwd: string, ref: string): Promise<string | null> {
  const r = await git(
    cwd,
    ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`],
    { allowFailure: true },
  );
  const out = r.stdout.trim();
  return r.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(out) ? out : null;
}

export async function isAncestor(
  cwd: string,
  ancestor: string,
  descendant: string,
): Promise<boolean> {
  const r = await git(cwd, ['merge-base', '--is-ancestor', ancestor, descendant], {
    allowFailure: true,
  });
  if (r.exitCode === 0) return true;
  if (r.exitCode === 1) return false;
  throw new AppError('git-failed', `git merge-base failed: ${firstLines(r.stderr)}`);
}

/** How long heavy git work (index-pack, connectivity walks) may go without any sign of progress. */
export const GIT_IDLE_MS = 120_000;

export interface StreamGitOptions {
  /** Extra variables (e.g. a quarantine's object directories); merged over the cleaned environment. */
  env?: NodeJS.ProcessEnv;
  /**
   * Stop git only when, for this long, it neither consumed input nor wrote anything (ask git for
   * progress on stderr so long phases count). A fixed total limit would fail big work on a busy
   * machine; this one only stops a git that is stuck.
   */
  idleMs?: number;
}

/** Progress lines git writes on stderr ("Receiving objects:  42% (…)"), left out of error texts. */
const PROGRESS_LINE = /^[A-Z][a-z]+(?: [a-z]+)*: +\d+(?:%|\b)/;

/** The last lines of git's stderr that are not progress, for an error message. */
export function stderrReason(stderr: string, n = 3): string {
  const lines = stderr
    .split(/[\r\n]+/)
    .map((l) => l.trim())
    .filter((l) => l && !PROGRESS_LINE.test(l));
  return lines.slice(-n).join(' / ').slice(0, 500);
}

/** A timer that fires after `ms` without a call to `touch`. */
export function idleTimer(ms: number, onIdle: () => void): { touch(): void; clear(): void } {
  let timer = setTimeout(onIdle, ms);
  return {
    touch() {
      clearTimeout(timer);
      timer = setTimeout(onIdle, ms);
    },
    clear: () => clearTimeout(timer),
  };
}

/**
 * git with a (possibly huge) stream as stdin; stdout kept small, stderr kept as its tail (where
 * git's error is, after any progress). Stopped only when it makes no progress (opts.idleMs).
 */
export function gitWithStdin(
  cwd: string,
  args: string[],
  input: NodeJS.ReadableStream,
  opts: StreamGitOptions = {},
): Promise<GitResult> {
  const idleMs = opts.idleMs ?? GIT_IDLE_MS;
  return new Promise((resolve, reject) => {
    // Streamed stdin (a bundle of any size): simple-git takes stdin only as a whole buffer.
    const child = spawnGit(cwd, args, opts.env ? { env: opts.env } : {});
    let stdout = '';
    let stderr = '';
    let stalled = false;
    const idle = idleTimer(idleMs, () => {
      stalled = true;
      child.kill();
    });
    input.on('data', () => idle.touch());
    child.stdout.on('data', (c: Buffer) => {
      idle.touch();
      if (stdout.length < 65536) stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      idle.touch();
      stderr = (stderr + c.toString('utf8')).slice(-65536);
    });
    child.stdin.on('error', () => undefined);
    input.on('error', (e) => {
      child.kill();
      reject(e);
    });
    input.pipe(child.stdin);
    child.on('error', (e) => {
      idle.clear();
      reject(new AppError('git-failed', `git ${args[0]} could not start: ${e.message}`));
    });
    child.on('close', (code) => {
      idle.clear();
      if (stalled)
        stderr += `\ngit ${args[0]} made no progress for ${Math.round(idleMs / 1000)} s and was stopped`;
      resolve({ stdout, stderr, exitCode: stalled ? -1 : (code ?? -1) });
    });
  });
}
