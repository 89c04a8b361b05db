/**
 * What a session copies from the user's work tree: every tracked path with its working-tree
 * content (staged and unstaged edits, deletions left out), untracked files that are not
 * ignored, and ignored files only where `includeIgnored` globs match. Also the index as the user
 * left it (`ls-files -s`), and which copied paths are untracked vs ignored: inside, the edits then
 * become the "Uncommitted changes at session start" commit (sessions/starting-point.ts).
 *
 * Decisions (documented for users):
 * - Submodules are not copied: like a fresh clone without `submodule update`, the container has
 *   the gitlink in its index and an empty folder; a warning names each one.
 * - Git LFS files are copied as their pointer (the staged blob), never as the large content;
 *   an edited LFS file is copied as its staged pointer too, with a warning.
 * - Nested repositories that are not submodules are skipped with a warning.
 * - macOS AppleDouble files (`._*`) are skipped unless tracked; extended attributes never travel.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gitOut, runGit } from './repo-check';

export interface SnapshotEntry {
  /** Path relative to the work tree root, '/'-separated, as git prints it. */
  path: string;
  type: 'file' | 'symlink';
  /** Permission bits (setuid/setgid/sticky removed). */
  mode: number;
  size: number;
  linkTarget?: string;
  /** Set for LFS files: copy this staged blob (the pointer) instead of the work tree file. */
  blob?: string;
}

export interface IndexEntry {
  mode: string;
  blob: string;
  stage: number;
  path: string;
}

export interface SnapshotPlan {
  root: string;
  entries: SnapshotEntry[];
  /** `git ls-files -s -z` output, fed to `git update-index -z --index-info` in the container. */
  indexInfo: Buffer;
  /**
   * Copied paths that are untracked and not ignored: with the tracked ones, what the
   * "Uncommitted changes at session start" commit holds (never the includeIgnored extras).
   */
  untracked: string[];
  /** Copied paths that git ignores (includeIgnored matches): kept ignored in the container. */
  ignored: string[];
  totalBytes: number;
  warnings: string[];
}

export function splitNul(buf: Buffer): string[] {
  const out = buf.toString('utf8').split('\0');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

export function parseIndex(buf: Buffer): IndexEntry[] {
  return splitNul(buf).map((line) => {
    const tab = line.indexOf('\t');
    const [mode, blob, stage] = line.slice(0, tab).split(' ');
    return { mode: mode!, blob: blob!, stage: Number(stage), path: line.slice(tab + 1) };
  });
}

function isAppleDouble(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.startsWith('._') || base === '.DS_Store';
}

async function lfsPaths(root: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const input = Buffer.from(paths.join('\0') + '\0');
  const out = splitNul(await gitOut(root, ['check-attr', '-z', '--stdin', 'filter'], input));
  const lfs = new Set<string>();
  for (let i = 0; i + 2 < out.length; i += 3) if (out[i + 2] === 'lfs') lfs.add(out[i]!);
  return lfs;
}

async function inspectPath(
  root: string,
  path: string,
  indexed: IndexEntry | undefined,
  isLfs: boolean,
  warnings: string[],
  indexModes = false,
): Promise<SnapshotEntry | null> {
  let st;
  try {
    st = lstatSync(join(root, path));
  } catch {
    return null; // deleted in the work tree: absent in the container too
  }
  if (isLfs && indexed) {
    if (indexed.mode === '120000' || !st.isFile()) return null;
    const size = Number((await gitOut(root, ['cat-file', '-s', indexed.blob])).toString().trim());
    return {
      path,
      type: 'file',
      mode: indexed.mode === '100755' ? 0o755 : 0o644,
      size,
      blob: indexed.blob,
    };
  }
  if (st.isSymbolicLink()) {
    return {
      path,
      type: 'symlink',
      mode: 0o777,
      size: 0,
      linkTarget: readlinkSync(join(root, path)),
    };
  }
  if (st.isFile()) {
    // Where the file system has no exec bit (Windows) or git ignores it (core.fileMode false),
    // the index's mode is the truth for tracked files.
    const mode =
      indexModes && indexed && (indexed.mode === '100755' || indexed.mode === '100644')
        ? indexed.mode === '100755'
          ? 0o755
          : 0o644
        : st.mode & 0o777;
    return { path, type: 'file', mode, size: st.size };
  }
  if (!st.isDirectory())
    warnings.push(`${path} is not a regular file or symlink and is not copied`);
  return null;
}

export async function planSnapshot(
  root: string,
  opts: { includeIgnored?: string[] } = {},
): Promise<SnapshotPlan> {
  const warnings: string[] = [];
  const indexInfo = await gitOut(root, ['ls-files', '-s', '-z']);
  const index = parseIndex(indexInfo);
  const tracked = new Map<string, IndexEntry>();
  for (const e of index) {
    if (e.mode === '160000') {
      warnings.push(
        `submodule ${e.path} is not copied (the container has it as an empty, uninitialised folder)`,
      );
      continue;
    }
    // During a merge a path has stages 1-3; the work tree file is what we copy, once.
    if (!tracked.has(e.path) || e.stage === 2) tracked.set(e.path, e);
  }
  const untracked = splitNul(
    await gitOut(root, ['ls-files', '-z', '--others', '--exclude-standard']),
  );
  let ignored: string[] = [];
  const globs = (opts.includeIgnored ?? []).filter((g) => g.trim() !== '');
  if (globs.length) {
    // Each glob is taken literally as a git glob pathspec (never as pathspec magic).
    const specs = globs.map((g) => `:(glob)${g.replace(/^\/+/, '')}`);
    ignored = splitNul(
      await gitOut(root, [
        'ls-files',
        '-z',
        '--others',
        '--ignored',
        '--exclude-standard',
        '--',
        ...specs,
      ]),
    );
  }
  const extra: string[] = [];
  const notIgnored = new Set(untracked);
  for (const p of [...untracked, ...ignored]) {
    if (p.endsWith('/')) warnings.push(`nested repository ${p.slice(0, -1)} is not copied`);
    else if (isAppleDouble(p)) continue;
    else extra.push(p);
  }
  const hasAttributes = [...tracked.keys()].some(
    (p) => p === '.gitattributes' || p.endsWith('/.gitattributes'),
  );
  const lfs = hasAttributes ? await lfsPaths(root, [...tracked.keys()]) : new Set<string>();

  const fileMode = await runGit(root, ['config', '--bool', 'core.fileMode']);
  const indexModes = process.platform === 'win32' || fileMode.stdout.toString().trim() === 'false';
  const paths = [...tracked.keys(), ...extra];
  const entries: (SnapshotEntry | null)[] = [];
  for (const [i, path] of paths.entries()) {
    entries.push(
      await inspectPath(root, path, tracked.get(path), lfs.has(path), warnings, indexModes),
    );
    // Sync lstat is far cheaper than thousands of async calls; yield now and then.
    if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
  }
  const kept = entries.filter((e): e is SnapshotEntry => e !== null);
  if (lfs.size) {
    warnings.push(
      `${lfs.size} Git LFS file(s) are copied as their staged LFS pointer; edits to their content are not copied`,
    );
  }
  const totalBytes = kept.reduce((n, e) => n + e.size, 0);
  const copiedExtra = kept.filter((e) => !tracked.has(e.path));
  return {
    root,
    entries: kept,
    indexInfo,
    untracked: copiedExtra.filter((e) => notIgnored.has(e.path)).map((e) => e.path),
    ignored: copiedExtra.filter((e) => !notIgnored.has(e.path)).map((e) => e.path),
    totalBytes,
    warnings,
  };
}
