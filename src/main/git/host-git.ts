/**
 * The host's git, run only inside the user's own repository (never inside a .git that an agent
 * wrote), with argument arrays, a clean environment and no terminal prompts. Variables that
 * could point git at another repository or inject config are dropped, so what runs is the
 * user's repo with the user's config, nothing else.
 */
import { execFile, spawn } from 'node:child_process';
import { AppError } from '../../shared/errors';

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
  encoding?: 'utf8' | 'buffer';
}

const DROP =
  /^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|CONFIG_PARAMETERS|CONFIG_COUNT|CONFIG_KEY_\d+|CONFIG_VALUE_\d+|NAMESPACE|CEILING_DIRECTORIES|COMMON_DIR|EXTERNAL_DIFF|DIFF_OPTS|PAGER|EDITOR|TRACE.*)$/;

export function gitEnv(
  base: NodeJS.ProcessEnv = process.env,
  extra?: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!DROP.test(k)) env[k] = v;
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_OPTIONAL_LOCKS = '0';
  env.LC_ALL = 'C';
  env.LANGUAGE = 'C';
  return { ...env, ...extra };
}

/** Settings for every call: no pager, no fsmonitor of ours, no hooks run by our own ref updates. */
const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.pager=cat', '-c', 'color.ui=false'];

/** The exit code of a finished git, or -1 when git could not be run or was stopped. */
function exitCodeOf(err: unknown): number {
  if (!err) return 0;
  return typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1;
}

/** Why git could not run or was stopped, as something the user can act on. */
function runFailure(err: { code?: unknown; message: string }, args: string[]): AppError {
  if (err.code === 'ENOENT') {
    return new AppError(
      'git-missing',
      'git is not installed or not on PATH',
      'Install git and restart the app.',
    );
  }
  if (err.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return new AppError('git-output-too-large', `git ${args[0]} produced more output than allowed`);
  }
  return new AppError('git-failed', `git ${args[0]} did not finish: ${err.message.split('\n')[0]}`);
}

export function git(cwd: string, args: string[], opts: GitOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...SAFE_CONFIG, ...args],
      {
        cwd,
        env: gitEnv(process.env, opts.env),
        maxBuffer: opts.maxBuffer ?? 64 * 1024 * 1024,
        timeout: opts.idleMs ? 0 : (opts.timeoutMs ?? 120_000),
        encoding: 'utf8',
        windowsHide: true,
      },
      (err, stdout, stderr) => {
        idle?.clear();
        if (stalled) {
          reject(
            new AppError(
              'git-failed',
              `git ${args[0]} made no progress for ${Math.round(opts.idleMs! / 1000)} s and was stopped`,
            ),
          );
          return;
        }
        const code = exitCodeOf(err);
        if (err && code === -1) {
          reject(runFailure(err, args));
          return;
        }
        if (code !== 0 && !opts.allowFailure) {
          reject(
            new AppError(
              'git-failed',
              `git ${args[0]} failed (exit ${code}): ${firstLines(stderr)}`,
              undefined,
              { cause: err },
            ),
          );
          return;
        }
        resolve({ stdout, stderr, exitCode: code });
      },
    );
    let stalled = false;
    const idle = opts.idleMs
      ? idleTimer(opts.idleMs, () => {
          stalled = true;
          child.kill();
        })
      : null;
    if (idle) {
      child.stdout?.on('data', () => idle.touch());
      child.stderr?.on('data', () => idle.touch());
    }
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

export interface GitBufferResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/**
 * `git` for binary output (trees, blobs, object lists of a snapshot): the same cleaned
 * environment, stdout as bytes, the exit code returned rather than thrown. No timeout: a
 * snapshot of a large repository takes as long as it takes.
 */
export function gitBuffer(
  cwd: string,
  args: string[],
  opts: { input?: Buffer; maxBuffer?: number } = {},
): Promise<GitBufferResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      {
        cwd,
        env: gitEnv(),
        encoding: 'buffer',
        maxBuffer: opts.maxBuffer ?? 1024 * 1024 * 1024,
        windowsHide: true,
      },
      (err, stdout, stderr) => {
        const code = exitCodeOf(err);
        if (err && code === -1) {
          reject(runFailure(err, args));
          return;
        }
        resolve({ code, stdout, stderr: stderr.toString('utf8') });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
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
    const child = spawn('git', [...SAFE_CONFIG, ...args], {
      cwd,
      env: gitEnv(process.env, opts.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
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
