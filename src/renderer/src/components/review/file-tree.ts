/**
 * The review's changed files as a folder tree: folders before files, both in natural order
 * (file2 before file10, as a file manager sorts), a folder with one folder inside shown as one
 * row ("src/main"), +/− and file counts summed per folder. `visibleRows` flattens it for a
 * virtualised list, honouring collapsed folders and a filter (a filter shows every match with
 * its folders, whatever is collapsed). Pure data: no React, so it is unit tested directly.
 */
import type { DiffFile } from '../../../../shared/schemas/commits';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
/** Natural order: digits compare as numbers, case only breaks ties. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export interface TreeDir {
  kind: 'dir';
  /** Full path of the (last) folder of this row, without a trailing slash. */
  path: string;
  /** What the row shows: one folder's name, or a chain of single folders ("src/main"). */
  name: string;
  dirs: TreeDir[];
  files: TreeFile[];
  insertions: number;
  deletions: number;
  fileCount: number;
}

export interface TreeFile {
  kind: 'file';
  path: string;
  name: string;
  file: DiffFile;
}

export type TreeRow =
  | { kind: 'dir'; depth: number; node: TreeDir; open: boolean }
  | { kind: 'file'; depth: number; node: TreeFile };

interface Building {
  dirs: Map<string, Building>;
  files: TreeFile[];
}

function finish(name: string, path: string, b: Building): TreeDir {
  const dirs = [...b.dirs].map(([n, child]) => finish(n, path ? `${path}/${n}` : n, child));
  dirs.sort((x, y) => naturalCompare(x.name, y.name));
  const files = [...b.files].sort((x, y) => naturalCompare(x.name, y.name));
  const sum = (pick: (d: TreeDir) => number, own: (f: DiffFile) => number) =>
    dirs.reduce((s, d) => s + pick(d), 0) + files.reduce((s, f) => s + own(f.file), 0);
  let dir: TreeDir = {
    kind: 'dir',
    path,
    name,
    dirs,
    files,
    insertions: sum(
      (d) => d.insertions,
      (f) => f.insertions ?? 0,
    ),
    deletions: sum(
      (d) => d.deletions,
      (f) => f.deletions ?? 0,
    ),
    fileCount: sum(
      (d) => d.fileCount,
      () => 1,
    ),
  };
  // A folder whose only entry is a folder: one row, like compact folders in an editor.
  if (path && dir.files.length === 0 && dir.dirs.length === 1) {
    const only = dir.dirs[0]!;
    dir = { ...only, name: `${name}/${only.name}` };
  }
  return dir;
}

/** The root folder (path '') of the files. */
export function buildTree(files: readonly DiffFile[]): TreeDir {
  const root: Building = { dirs: new Map(), files: [] };
  for (const f of files) {
    const parts = f.path.split('/');
    const name = parts.pop()!;
    let at = root;
    for (const p of parts) {
      let next = at.dirs.get(p);
      if (!next) at.dirs.set(p, (next = { dirs: new Map(), files: [] }));
      at = next;
    }
    at.files.push({ kind: 'file', path: f.path, name, file: f });
  }
  return finish('', '', root);
}

/** A filter matches a file whose path (or old path) holds every word of it, in any case. */
export function filterMatcher(filter: string): ((f: DiffFile) => boolean) | null {
  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  return (f) => {
    const hay = `${f.path}\n${f.oldPath ?? ''}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  };
}

/** The rows to draw, top to bottom. */
export function visibleRows(
  root: TreeDir,
  collapsed: ReadonlySet<string>,
  filter: string,
): TreeRow[] {
  const match = filterMatcher(filter);
  const out: TreeRow[] = [];
  const walk = (dir: TreeDir, depth: number): boolean => {
    let any = false;
    for (const d of dir.dirs) {
      const at = out.length;
      const open = match !== null || !collapsed.has(d.path);
      out.push({ kind: 'dir', depth, node: d, open });
      const inside = open ? walk(d, depth + 1) : match === null;
      // Filtering: a folder with no match inside is dropped with its row.
      if (match && !inside) out.length = at;
      any ||= inside || match === null;
    }
    for (const f of dir.files) {
      if (match && !match(f.file)) continue;
      out.push({ kind: 'file', depth, node: f });
      any = true;
    }
    return any;
  };
  walk(root, 0);
  return out;
}

/** Every file in tree order (what next/previous file walks), filtered like the rows. */
export function fileOrder(root: TreeDir, filter: string): DiffFile[] {
  const match = filterMatcher(filter);
  const out: DiffFile[] = [];
  const walk = (dir: TreeDir) => {
    dir.dirs.forEach(walk);
    for (const f of dir.files) if (!match || match(f.file)) out.push(f.file);
  };
  walk(root);
  return out;
}

/** The folder rows that hold `path` (to open them when the keyboard moves to a hidden file). */
export function foldersOf(root: TreeDir, path: string): string[] {
  const out: string[] = [];
  let dir: TreeDir | undefined = root;
  while (dir) {
    const next: TreeDir | undefined = dir.dirs.find((d) => path.startsWith(`${d.path}/`));
    if (next) out.push(next.path);
    dir = next;
  }
  return out;
}
