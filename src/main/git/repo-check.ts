/**
 * Host-side reads of the user's repository before a session starts: is it a work tree, where is
 * its root and its object store, what is HEAD. Git always runs with argument arrays, with
 * prompts, optional locks and fsmonitor hooks switched off, so reading the user's repo never
 * blocks, never takes index.lock and never runs a program from the repo's config.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { type GitBufferResult, gitBuffer } from './host-git';

export type GitResult = GitBufferResult;

/** Runs git in `cwd`; resolves with the exit code instead of throwing on non-zero. */
export function runGit(cwd: string, args: string[], input?: Buffer): Promise<GitResult> {
  return gitBuffer(cwd, args, input === undefined ? {} : { input });
}

/** Runs git and returns stdout, or throws an AppError naming the git command. */
export async function gitOut(cwd: string, args: string[], input?: Buffer): Promise<Buffer> {
  const r = await runGit(cwd, args, input);
  if (r.code !== 0) {
    throw new AppError(
      'git-failed',
      `git ${args[0]} failed (exit ${r.code}): ${r.stderr.trim().slice(0, 500)}`,
    );
  }
  return r.stdout;
}

export interface RepoState {
  /** Absolute work tree root (a session always snapshots the whole repo, even from a subfolder). */
  root: string;
  /** Absolute path of the common git dir (holds objects; differs from root/.git in worktrees). */
  commonDir: string;
  /** HEAD commit id. */
  head: string;
  /** Current branch name, null when HEAD is detached (the session then starts at HEAD's commit). */
  branch: string | null;
}

export async function checkFolder(folder: string): Promise<string> {
  if (!isAbsolute(folder)) {
    throw new AppError(
      'invalid-folder',
      `"${folder}" is not an absolute path`,
      'choose the folder again',
    );
  }
  const st = await stat(folder).catch(() => null);
  if (!st)
    throw new AppError(
      'folder-not-found',
      `folder ${folder} does not exist`,
      'choose an existing folder',
    );
  if (!st.isDirectory())
    throw new AppError('invalid-folder', `${folder} is not a folder`, 'choose a folder');
  return resolve(folder);
}

export async function checkRepo(folderInput: string): Promise<RepoState> {
  const folder = await checkFolder(folderInput);
  const top = await runGit(folder, ['rev-parse', '--is-inside-work-tree', '--show-toplevel']);
  const lines = top.stdout.toString('utf8').split('\n');
  if (top.code !== 0 || lines[0] !== 'true' || !lines[1]) {
    throw new AppError(
      'not-a-git-repo',
      `${folder} is not inside a git work tree`,
      'sessions work on git repositories: initialise one with "git init" (the app can do it for you) and commit once',
    );
  }
  const root = lines[1];
  const common = (await gitOut(root, ['rev-parse', '--path-format=absolute', '--git-common-dir']))
    .toString()
    .trim();
  const head = await runGit(root, ['rev-parse', '-q', '--verify', 'HEAD^{commit}']);
  if (head.code !== 0) {
    // Refused rather than started as an orphan branch: review and import need a base commit.
    throw new AppError(
      'repo-no-commits',
      `the repository at ${root} has no commits yet`,
      'make a first commit (for example: git commit --allow-empty -m "Initial commit") and start again',
    );
  }
  const sym = await runGit(root, ['symbolic-ref', '-q', '--short', 'HEAD']);
  return {
    root,
    commonDir: common,
    head: head.stdout.toString().trim(),
    branch: sym.code === 0 ? sym.stdout.toString().trim() : null,
  };
}

/** `git init` in an existing folder that is not a repository yet. */
export async function initRepo(folderInput: string): Promise<{ folder: string; created: boolean }> {
  const folder = await checkFolder(folderInput);
  const inside = await runGit(folder, ['rev-parse', '--is-inside-work-tree']);
  if (inside.code === 0 && inside.stdout.toString().trim() === 'true')
    return { folder, created: false };
  await gitOut(folder, ['init', '-q']);
  return { folder, created: true };
}

export interface RemoteInfo {
  name: string;
  /** Fetch URL with any user:password@ removed. */
  url: string;
}

/**
 * The repo's remotes, safe to carry into a container: userinfo (tokens) stripped from URLs,
 * transports that run programs (ext::, fd::) and option-like names or URLs dropped.
 */
export async function readRemotes(root: string): Promise<RemoteInfo[]> {
  const r = await runGit(root, ['config', '-z', '--get-regexp', '^remote\\..*\\.url$']);
  if (r.code !== 0) return [];
  const seen = new Set<string>();
  const out: RemoteInfo[] = [];
  for (const item of r.stdout.toString('utf8').split('\0')) {
    const nl = item.indexOf('\n');
    if (nl < 0) continue;
    const key = item.slice(0, nl);
    const name = key.slice('remote.'.length, -'.url'.length);
    const url = stripUserinfo(item.slice(nl + 1));
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(name) || seen.has(name) || url === null) continue;
    seen.add(name);
    out.push({ name, url });
  }
  return out;
}

export function stripUserinfo(url: string): string | null {
  if (url.startsWith('-') || /[\s\0]/.test(url)) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  if (scheme) {
    if (
      !['http', 'https', 'ssh', 'git', 'git+ssh', 'ssh+git', 'file'].includes(
        scheme[1]!.toLowerCase(),
      )
    )
      return null;
    const rest = url.slice(scheme[0].length);
    const slash = rest.indexOf('/');
    const authority = slash < 0 ? rest : rest.slice(0, slash);
    const at = authority.lastIndexOf('@');
    if (at < 0) return url;
    // ssh://git@host keeps a plain user name (not a secret); anything with a password goes.
    const userinfo = authority.slice(0, at);
    const keep =
      scheme[1]!.toLowerCase().includes('ssh') && !userinfo.includes(':') ? `${userinfo}@` : '';
    return `${scheme[0]}${keep}${rest.slice(at + 1)}`;
  }
  if (url.includes('::')) return null; // remote helpers such as ext:: run programs
  return url; // scp-like git@host:path or a local path
}
