/**
 * The one list of settings every git call on the user's repository runs with (issue 16 #2).
 * Whatever the repository's config or the app's environment says, the app's own git work
 * (reads, snapshots, imports, the review, pushes) starts no program from either: no hook, no
 * fsmonitor daemon, no credential helper or askpass (except a push, which must log in), no
 * external diff or textconv driver, no pager, no submodule recursion, and no GIT_* variable
 * from the environment pointing git at another repository, config or program.
 *
 * The runner (runner.ts) puts these on every call, through simple-git and on the few raw
 * streams alike; callers never repeat them.
 *
 * Not on the list, on purpose: filter drivers (clean/smudge, e.g. Git LFS), merge drivers and
 * gpg.program are the user's tooling for their own work tree and signed commits, used by the
 * flows that write there as the user's git would; core.sshCommand and credential helpers stay
 * for the push. protocol.file.allow is left alone: it guards submodule clones (recursion is off)
 * and a remote that is a local path is the user's choice.
 */
import { devNull } from 'node:os';
import { AppError } from '../../shared/errors';

/** Settings for every call, passed as `-c key=value` before the command. */
export const SAFE_CONFIG: readonly string[] = [
  // Hooks run on our own ref updates, commits, merges and pushes otherwise.
  `core.hooksPath=${devNull}`,
  // A configured fsmonitor is a program git starts on status-like reads.
  'core.fsmonitor=false',
  // No pager. git starts one (core.pager, pager.<cmd>, GIT_PAGER) only when stdout is a
  // terminal, which it never is here; this makes it hold even if that changes.
  'core.pager=cat',
  'color.ui=false',
  // Never walk into submodules: their config and hooks are another repository's.
  'submodule.recurse=false',
  'fetch.recurseSubmodules=false',
];

/**
 * Credential programs off: no call but a push talks to a remote, and a read must never start
 * one. `credential.helper=` (empty) resets the helper list; an empty askPass is ignored by git.
 */
export const NO_CREDENTIALS_CONFIG: readonly string[] = ['credential.helper=', 'core.askPass='];

/** Who may log in to a remote: nobody (every call) or the user's own setup (a push). */
export type CredentialUse = 'none' | 'user';

export function configFor(credentials: CredentialUse): string[] {
  return credentials === 'user' ? [...SAFE_CONFIG] : [...SAFE_CONFIG, ...NO_CREDENTIALS_CONFIG];
}

/**
 * simple-git's `unsafe` guards stay on for everything but the categories the list above
 * writes itself (it would refuse `-c core.hooksPath=…` otherwise). withCommandOptions keeps
 * callers from using that opening to set those keys to anything else.
 */
export const RELAXED_GUARDS = {
  allowUnsafeHooksPath: true,
  allowUnsafeFsMonitor: true,
  allowUnsafePager: true,
  allowUnsafeCredentialHelper: true,
  allowUnsafeAskPass: true,
} as const;

/** Keys in the relaxed categories: only the list above sets them. */
const OWNED_KEYS = [
  /^core\.hookspath$/,
  /^core\.fsmonitor$/,
  /^core\.pager$/,
  /^pager\./,
  /^credential\.(.+\.)?helper$/,
  /^core\.askpass$/,
];

/** Options that switch off drivers a repository can configure, for the commands that run them. */
const DIFF_DRIVERS_OFF = ['--no-ext-diff', '--no-textconv'];
const PER_COMMAND: Readonly<Record<string, readonly string[]>> = {
  diff: DIFF_DRIVERS_OFF,
  log: DIFF_DRIVERS_OFF,
  show: DIFF_DRIVERS_OFF,
  'diff-tree': DIFF_DRIVERS_OFF,
  'diff-index': DIFF_DRIVERS_OFF,
  'diff-files': DIFF_DRIVERS_OFF,
  blame: ['--no-textconv'],
  grep: ['--no-textconv'],
};

/** Global options a caller may put before the command. */
const CALLER_GLOBALS = new Set(['--literal-pathspecs', '--no-pager', '--no-replace-objects']);

/**
 * Refuses caller arguments that would undo the list (a `-c` for a key it owns, `--config-env`,
 * another repository via `--git-dir`/`-C`), and adds the per-command options. The command is
 * the first argument after the global ones.
 */
export function withCommandOptions(args: readonly string[], credentials: CredentialUse): string[] {
  const own = configFor(credentials);
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) {
    const a = args[i]!;
    if (a === '-c') {
      const kv = args[i + 1] ?? '';
      const key = kv.split('=')[0]!.trim().toLowerCase();
      if (OWNED_KEYS.some((k) => k.test(key)) && !own.includes(kv)) refuse(`-c ${key}`);
      i += 2;
      continue;
    }
    if (!CALLER_GLOBALS.has(a)) refuse(a.split('=')[0]!);
    i += 1;
  }
  const command = args[i];
  const extra = command === undefined ? undefined : PER_COMMAND[command];
  if (!extra) return [...args];
  return [...args.slice(0, i + 1), ...extra, ...args.slice(i + 1)];
}

function refuse(what: string): never {
  throw new AppError('git-failed', `the app refused to run git with ${what}`);
}

/**
 * GIT_* variables the app may set on a call (identity of its commits, the import quarantine,
 * literal pathspecs). Anything else a caller passes is refused by simple-git's environment guard.
 */
export const CALLER_ENV = [
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_AUTHOR_DATE',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
  'GIT_COMMITTER_DATE',
  'GIT_LITERAL_PATHSPECS',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_QUARANTINE_PATH',
] as const;

/** Set by the runner on every call: never prompt, never take optional locks. */
const RUNNER_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' } as const;

/**
 * Kept from the app's environment: who the user is (the identity `git var GIT_AUTHOR_IDENT`
 * reports) and, for a push, where the TLS roots are. Nothing here names a program.
 */
const AMBIENT_IDENTITY = [
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
];
const AMBIENT_PUSH = ['GIT_SSL_CAINFO', 'GIT_SSL_CAPATH'];

/** Variables outside GIT_* that git reads as programs to start (simple-git guards them too). */
const NON_GIT_PROGRAMS = new Set(['EDITOR', 'VISUAL', 'PAGER', 'SSH_ASKPASS', 'PREFIX']);

/**
 * A caller's GIT_* variable must be one of CALLER_ENV, and none may name a program. simple-git's
 * environment guard says the same for its calls; this also covers the raw stream path.
 */
export function checkCallerEnv(extra: NodeJS.ProcessEnv | undefined): void {
  const allowed = new Set<string>(CALLER_ENV);
  for (const k of Object.keys(extra ?? {})) {
    const name = k.toUpperCase();
    if ((name.startsWith('GIT_') && !allowed.has(name)) || NON_GIT_PROGRAMS.has(name))
      refuse(`the variable ${k}`);
  }
}

/** Every GIT_* name that may reach git: the allowEnvironment list given to simple-git. */
export function allowedEnv(credentials: CredentialUse): string[] {
  return [
    ...Object.keys(RUNNER_ENV),
    ...CALLER_ENV,
    ...(credentials === 'user' ? AMBIENT_PUSH : []),
  ];
}

/**
 * The environment of a git call: `base` (the app's environment) without any GIT_* variable
 * (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY, GIT_CONFIG_*, GIT_EXEC_PATH,
 * GIT_SSH_COMMAND, GIT_EXTERNAL_DIFF, GIT_PAGER, …) but the identity, without variables naming
 * a program, with the runner's own settings and a stable locale, then the caller's `extra`.
 */
export function gitEnv(
  base: NodeJS.ProcessEnv = process.env,
  extra?: NodeJS.ProcessEnv,
  credentials: CredentialUse = 'none',
): NodeJS.ProcessEnv {
  const keep = new Set([...AMBIENT_IDENTITY, ...(credentials === 'user' ? AMBIENT_PUSH : [])]);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    const name = k.toUpperCase();
    if (name.startsWith('GIT_') ? !keep.has(name) : NON_GIT_PROGRAMS.has(name)) continue;
    env[k] = v;
  }
  return { ...env, ...RUNNER_ENV, LC_ALL: 'C', LANGUAGE: 'C', ...extra };
}
