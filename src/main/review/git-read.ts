/**
 * The small git questions review comments ask of the user's repository (never of a container's
 * .git): does a commit exist and lie on the branch, what did a view's diff touch, what lines does
 * a file hold at a commit. Argument arrays only; paths travel as `<rev>:<path>` object names or
 * after `--`.
 */
import { git } from '../git/host-git';

/** Bigger files are not read for quotes (a quote is a few lines; no one reviews a 5 MB file). */
const MAX_BLOB_BYTES = 5 * 1024 * 1024;

export async function commitExists(repo: string, rev: string): Promise<boolean> {
  const r = await git(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], {
    allowFailure: true,
  });
  return r.exitCode === 0;
}

export async function isAncestor(repo: string, commit: string, of: string): Promise<boolean> {
  const r = await git(repo, ['merge-base', '--is-ancestor', commit, of], { allowFailure: true });
  return r.exitCode === 0;
}

/** The commit a branch points at, or null when there is no such branch. */
export async function branchTip(repo: string, branch: string): Promise<string | null> {
  const r = await git(repo, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`], {
    allowFailure: true,
  });
  return r.exitCode === 0 ? r.stdout.trim() : null;
}

/** The empty tree's id in this repository's hash (SHA-1 or SHA-256). */
export async function emptyTreeOf(repo: string): Promise<string> {
  const r = await git(repo, ['hash-object', '-t', 'tree', '--stdin'], { input: '' });
  return r.stdout.trim();
}

/** The base of a view: its `from`, else the commit's first parent, else the empty tree. */
export async function viewBase(
  repo: string,
  commit: string,
  from?: string | null,
): Promise<string> {
  if (from) return from;
  const r = await git(repo, ['rev-parse', '--verify', '--quiet', `${commit}^1`], {
    allowFailure: true,
  });
  return r.exitCode === 0 ? r.stdout.trim() : emptyTreeOf(repo);
}

export interface ChangedPath {
  status: string;
  /** The path before (renames: the old name). */
  oldPath: string;
  newPath: string;
}

/** What a diff between two trees touched, renames detected. */
export async function changedPaths(repo: string, a: string, b: string): Promise<ChangedPath[]> {
  const r = await git(repo, ['diff', '--no-ext-diff', '--name-status', '-z', '-M', a, b, '--']);
  const t = r.stdout.split('\0');
  const out: ChangedPath[] = [];
  for (let i = 0; i + 1 < t.length;) {
    const status = t[i++]!;
    if (!status) break;
    const first = t[i++]!;
    const second = /^[RC]/.test(status) ? t[i++]! : first;
    out.push({ status: status[0]!, oldPath: first, newPath: second });
  }
  return out;
}

export interface Hunk {
  /** Old side: first line and count (count 0: lines were added after line `oldStart`). */
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
}

/** The hunks (no context) of one path's change between two commits. */
export async function hunks(repo: string, a: string, b: string, paths: string[]): Promise<Hunk[]> {
  const r = await git(repo, [
    'diff',
    '--no-ext-diff',
    '--no-color',
    '-U0',
    '-M',
    a,
    b,
    '--',
    ...paths,
  ]);
  const out: Hunk[] = [];
  for (const m of r.stdout.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
    out.push({
      oldStart: Number(m[1]),
      oldCount: m[2] === undefined ? 1 : Number(m[2]),
      newStart: Number(m[3]),
      newCount: m[4] === undefined ? 1 : Number(m[4]),
    });
  }
  return out;
}

/** A file's lines at a revision; null when the path is not a file there (or is too big). */
export async function fileLines(repo: string, rev: string, path: string): Promise<string[] | null> {
  const object = `${rev}:${path}`;
  const size = await git(repo, ['cat-file', '-s', object], { allowFailure: true });
  if (size.exitCode !== 0 || Number(size.stdout.trim()) > MAX_BLOB_BYTES) return null;
  const type = await git(repo, ['cat-file', '-t', object], { allowFailure: true });
  if (type.stdout.trim() !== 'blob') return null;
  const r = await git(repo, ['cat-file', 'blob', object], { allowFailure: true });
  if (r.exitCode !== 0) return null;
  const lines = r.stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
