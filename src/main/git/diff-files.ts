/**
 * File lists and single-file diffs for review, from the user's repository. Plumbing commands
 * only (diff-tree, cat-file), to which the runner adds --no-ext-diff and --no-textconv
 * (safe-options.ts), so the user's diff drivers, external diff tools and textconv filters never
 * run on the agent's files; pathspecs are literal (a file named `*` is a file).
 */
import type { DiffFile, FileDiff, FileImage, FileStatus } from '../../shared/schemas/commits';
import { AppError } from '../../shared/errors';
import { git, gitBuffer } from './host-git';
import { parseNumstatZ } from './review-log';

export const MAX_LISTED_FILES = 20_000;
/** Both sides of a file together above this → shown only after "load anyway". */
export const FILE_DIFF_GUARD_BYTES = 512 * 1024;
/** Even with "load anyway" a patch beyond this is not sent. */
export const FILE_DIFF_HARD_LIMIT = 48 * 1024 * 1024;
/** What is sent at once of a file above the guard: enough to read on, quick to draw. */
export const FILE_DIFF_PART_LINES = 2000;
export const FILE_DIFF_PART_BYTES = 256 * 1024;

/** The first part of a patch, cut at a line end; the whole one's line count. */
export function firstPart(patch: string): { part: string; totalLines: number } {
  let lines = 0;
  let at = 0;
  let cut = -1;
  for (;;) {
    const nl = patch.indexOf('\n', at);
    if (nl < 0) break;
    lines++;
    if (cut < 0 && (lines >= FILE_DIFF_PART_LINES || nl + 1 > FILE_DIFF_PART_BYTES))
      cut = lines >= FILE_DIFF_PART_LINES || at === 0 ? nl + 1 : at;
    at = nl + 1;
  }
  if (at < patch.length) lines++;
  return { part: cut < 0 ? patch : patch.slice(0, cut), totalLines: lines };
}

const STATUS: Record<string, FileStatus> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
  T: 'typechange',
  U: 'unmerged',
};
const ZERO = /^0+$/;

interface RawEntry {
  status: FileStatus;
  path: string;
  oldPath?: string;
  oldBlob: string | null;
  newBlob: string | null;
}

/** `git diff-tree -r -z --raw` → entries (":old new osha nsha S\0path\0" or "…R100\0old\0new\0"). */
export function parseRawZ(text: string): RawEntry[] {
  const tokens = text.split('\0');
  const out: RawEntry[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const m = /^:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])(\d*)$/.exec(
      tokens[i]!.replace(/^\n/, ''),
    );
    if (!m) continue;
    const status = STATUS[m[5]!] ?? 'unknown';
    const blob = (mode: string, sha: string) => (ZERO.test(sha) || mode === '160000' ? null : sha);
    const oldBlob = blob(m[1]!, m[3]!);
    const newBlob = blob(m[2]!, m[4]!);
    if (m[5] === 'R' || m[5] === 'C') {
      out.push({
        status,
        oldPath: tokens[i + 1] ?? '',
        path: tokens[i + 2] ?? '',
        oldBlob,
        newBlob,
      });
      i += 2;
    } else {
      out.push({ status, path: tokens[i + 1] ?? '', oldBlob, newBlob });
      i += 1;
    }
  }
  return out;
}

let emptyTree: Map<string, string> | null = null;
/** The empty tree's name in this repo's hash (SHA-1 or SHA-256), without writing it. */
async function emptyTreeOf(folder: string): Promise<string> {
  emptyTree ??= new Map();
  const cached = emptyTree.get(folder);
  if (cached) return cached;
  const r = await git(folder, ['hash-object', '-t', 'tree', '--stdin'], { input: '' });
  const name = r.stdout.trim();
  emptyTree.set(folder, name);
  return name;
}

async function blobSizes(folder: string, blobs: string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  if (blobs.length === 0) return sizes;
  const r = await git(folder, ['cat-file', '--batch-check=%(objectname) %(objectsize)'], {
    input: blobs.join('\n') + '\n',
  });
  for (const line of r.stdout.split('\n')) {
    const [name, size] = line.split(' ');
    if (name && size && /^\d+$/.test(size)) sizes.set(name, Number(size));
  }
  return sizes;
}

function treeish(from: string | null, emptyTreeName: string): string {
  return from ?? emptyTreeName;
}

/** The changed files between two commits (from null = empty tree), renames detected. */
export async function diffFiles(
  folder: string,
  from: string | null,
  to: string,
  paths: string[] = [],
): Promise<{ files: DiffFile[]; truncated: boolean }> {
  const base = treeish(from, await emptyTreeOf(folder));
  const spec = paths.length ? ['--', ...paths] : ['--'];
  const common = ['diff-tree', '-r', '-z', '-M', base, to];
  // The two listings are independent: asked at once (a 500-file commit's list comes sooner).
  const [raw, num] = await Promise.all([
    git(folder, ['--literal-pathspecs', ...common, '--raw', '--no-abbrev', ...spec]),
    git(folder, ['--literal-pathspecs', ...common, '--numstat', ...spec]),
  ]);
  const entries = parseRawZ(raw.stdout);
  const truncated = entries.length > MAX_LISTED_FILES;
  const kept = entries.slice(0, MAX_LISTED_FILES);
  const stats = new Map(parseNumstatZ(num.stdout).map((n) => [n.path, n]));
  const blobs = [
    ...new Set(kept.flatMap((e) => [e.oldBlob, e.newBlob]).filter((b): b is string => b !== null)),
  ];
  const sizes = await blobSizes(folder, blobs);
  const files = kept.map((e): DiffFile => {
    const n = stats.get(e.path);
    const binary = n ? n.insertions === null : false;
    return {
      path: e.path,
      ...(e.oldPath !== undefined ? { oldPath: e.oldPath } : {}),
      status: e.status,
      binary,
      insertions: binary ? null : (n?.insertions ?? 0),
      deletions: binary ? null : (n?.deletions ?? 0),
      oldSize: e.oldBlob ? (sizes.get(e.oldBlob) ?? null) : null,
      newSize: e.newBlob ? (sizes.get(e.newBlob) ?? null) : null,
    };
  });
  return { files, truncated };
}

/** One file's entry (raw line and blob sizes; no line counts), or null when it did not change. */
async function fileEntry(
  folder: string,
  base: string,
  to: string,
  paths: string[],
  path: string,
): Promise<{ entry: RawEntry; oldSize: number | null; newSize: number | null } | null> {
  const raw = await git(folder, [
    '--literal-pathspecs',
    'diff-tree',
    '-r',
    '-z',
    '-M',
    base,
    to,
    '--raw',
    '--no-abbrev',
    '--',
    ...paths,
  ]);
  const entries = parseRawZ(raw.stdout);
  const entry = entries.find((e) => e.path === path) ?? entries.find((e) => e.oldPath === path);
  if (!entry) return null;
  const blobs = [entry.oldBlob, entry.newBlob].filter((b): b is string => b !== null);
  const sizes = await blobSizes(folder, blobs);
  const sizeOf = (b: string | null) => (b ? (sizes.get(b) ?? null) : null);
  return { entry, oldSize: sizeOf(entry.oldBlob), newSize: sizeOf(entry.newBlob) };
}

/** git's patch says a file is binary instead of showing lines. */
const BINARY_PATCH = /^(?:Binary files .* differ|GIT binary patch)$/m;

/**
 * One file's patch, guarded by size; binaries are reported, not diffed. Three git processes
 * (entry, sizes, patch): the patch itself tells a binary file, so no line count is asked.
 */
export async function fileDiff(
  folder: string,
  from: string | null,
  to: string,
  path: string,
  opts: { oldPath?: string; loadAnyway?: boolean; ignoreWhitespace?: boolean } = {},
): Promise<FileDiff> {
  const paths = opts.oldPath && opts.oldPath !== path ? [opts.oldPath, path] : [path];
  const base = treeish(from, await emptyTreeOf(folder));
  const found = await fileEntry(folder, base, to, paths, path);
  if (!found) {
    throw new AppError(
      'file-not-in-diff',
      'that file did not change in this diff',
      'Pick a file from the file list.',
    );
  }
  const { entry } = found;
  const file = { path: entry.path, oldPath: entry.oldPath, status: entry.status };
  const size = (found.oldSize ?? 0) + (found.newSize ?? 0);
  const head = {
    path: file.path,
    ...(file.oldPath !== undefined ? { oldPath: file.oldPath } : {}),
    status: file.status,
    size,
  };
  const guarded = size > FILE_DIFF_GUARD_BYTES && !opts.loadAnyway;
  if (size > FILE_DIFF_HARD_LIMIT) {
    // A huge binary is still just a binary; anything else is too large to send.
    const { files } = await diffFiles(folder, from, to, paths);
    if (files.some((f) => f.path === file.path && f.binary))
      return { ...head, binary: true, tooLarge: false, patch: '' };
    throw new AppError(
      'diff-too-large',
      `this file's diff is too large to show (${size} bytes)`,
      'Open the branch in your own git tool.',
    );
  }
  const specPaths = file.oldPath !== undefined ? [file.oldPath, file.path] : [file.path];
  const r = await git(
    folder,
    [
      '--literal-pathspecs',
      'diff-tree',
      '-r',
      '-p',
      '-M',
      '--no-color',
      ...(opts.ignoreWhitespace ? ['--ignore-all-space'] : []),
      '--src-prefix=a/',
      '--dst-prefix=b/',
      base,
      to,
      '--',
      ...specPaths,
    ],
    { maxBuffer: FILE_DIFF_HARD_LIMIT * 3 },
  );
  // Only the headers before the first hunk can say "binary" (a line of text cannot: it has a
  // +, - or space in front).
  const hunk = r.stdout.indexOf('\n@@');
  if (BINARY_PATCH.test(hunk < 0 ? r.stdout : r.stdout.slice(0, hunk)))
    return { ...head, binary: true, tooLarge: false, patch: '' };
  if (!guarded) return { ...head, binary: false, tooLarge: false, patch: r.stdout };
  // Above the guard: the first part now (drawn at once), the whole on request.
  const { part, totalLines } = firstPart(r.stdout);
  return { ...head, binary: false, tooLarge: true, patch: part, totalLines };
}

/** Each side of an image above this is not sent for a preview (its size is shown instead). */
export const IMAGE_PREVIEW_MAX_BYTES = 2 * 1024 * 1024;

/**
 * An SVG side above this is not sent: it is drawn only as an <img> (no script runs, nothing
 * is fetched there), but a big drawing can still keep the page busy.
 */
export const SVG_PREVIEW_MAX_BYTES = 512 * 1024;

/** Image types by extension (SVG too: the review draws it only as an <img> from data:). */
const IMAGE_TYPES: Record<string, FileImage['mime']> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

export function imageTypeOf(path: string): FileImage['mime'] | null {
  const m = /\.([a-z0-9]+)$/i.exec(path);
  return m ? (IMAGE_TYPES[m[1]!.toLowerCase()] ?? null) : null;
}

/** Both sides of an image file's change, as base64, for a preview. */
export async function fileImage(
  folder: string,
  from: string | null,
  to: string,
  path: string,
  oldPath?: string,
): Promise<FileImage> {
  const mime = imageTypeOf(path);
  if (!mime) throw new AppError('not-an-image', 'this file is not an image the review can preview');
  const paths = oldPath && oldPath !== path ? [oldPath, path] : [path];
  const base = treeish(from, await emptyTreeOf(folder));
  const found = await fileEntry(folder, base, to, paths, path);
  if (!found)
    throw new AppError(
      'file-not-in-diff',
      'that file did not change in this diff',
      'Pick a file from the file list.',
    );
  const max = mime === 'image/svg+xml' ? SVG_PREVIEW_MAX_BYTES : IMAGE_PREVIEW_MAX_BYTES;
  if ((found.oldSize ?? 0) > max || (found.newSize ?? 0) > max)
    throw new AppError(
      'image-too-large',
      `this image is too large to preview (over ${max >= 1024 * 1024 ? `${max / 1024 / 1024} MiB` : `${max / 1024} KiB`})`,
    );
  const blob = async (sha: string | null) => {
    if (!sha) return null;
    const r = await gitBuffer(folder, ['cat-file', 'blob', sha], { maxBuffer: max + 1 });
    if (r.code !== 0) throw new AppError('git-failed', `git cat-file failed: ${r.stderr.trim()}`);
    return r.stdout.toString('base64');
  };
  const [o, n] = await Promise.all([blob(found.entry.oldBlob), blob(found.entry.newBlob)]);
  return { mime, old: o, new: n };
}

/** The first parent of a commit (null for a root commit). */
export async function firstParent(folder: string, commit: string): Promise<string | null> {
  const r = await git(folder, ['rev-list', '--parents', '-n', '1', commit, '--']);
  const parts = r.stdout.trim().split(' ');
  return parts[1] ?? null;
}

export async function mergeBase(folder: string, a: string, b: string): Promise<string | null> {
  const r = await git(folder, ['merge-base', a, b], { allowFailure: true });
  const out = r.stdout.trim();
  return r.exitCode === 0 && out ? out : null;
}
