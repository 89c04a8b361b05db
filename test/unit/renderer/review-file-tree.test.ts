/**
 * The review's file tree: natural order (file2 before file10), folders first, single-folder
 * chains as one row, +/− summed per folder, collapsing, and the filter showing matches with
 * their folders whatever is collapsed.
 */
import { describe, expect, it } from 'vitest';
import type { DiffFile } from '../../../src/shared/schemas/commits';
import {
  buildTree,
  fileOrder,
  foldersOf,
  visibleRows,
} from '../../../src/renderer/src/components/review/file-tree';

const file = (path: string, ins = 1, del = 0): DiffFile => ({
  path,
  status: 'modified',
  binary: false,
  insertions: ins,
  deletions: del,
  oldSize: 1,
  newSize: 1,
});

const names = (rows: ReturnType<typeof visibleRows>) =>
  rows.map((r) => `${'  '.repeat(r.depth)}${r.node.name}${r.kind === 'dir' ? '/' : ''}`);

describe('review file tree', () => {
  it('sorts naturally, folders first, and sums +/− per folder', () => {
    const root = buildTree([
      file('file10.txt'),
      file('file2.txt'),
      file('file1.txt'),
      file('src/b.ts', 3, 1),
      file('src/A.ts', 2, 2),
      file('docs/x.md', 5, 0),
    ]);
    expect(names(visibleRows(root, new Set(), ''))).toEqual([
      'docs/',
      '  x.md',
      'src/',
      '  A.ts',
      '  b.ts',
      'file1.txt',
      'file2.txt',
      'file10.txt',
    ]);
    const src = root.dirs.find((d) => d.path === 'src')!;
    expect([src.insertions, src.deletions, src.fileCount]).toEqual([5, 3, 2]);
    expect([root.insertions, root.deletions, root.fileCount]).toEqual([13, 3, 6]);
  });

  it('shows a chain of single folders as one row and collapses folders', () => {
    const root = buildTree([file('src/main/git/a.ts'), file('src/main/git/b.ts'), file('z.txt')]);
    expect(names(visibleRows(root, new Set(), ''))).toEqual([
      'src/main/git/',
      '  a.ts',
      '  b.ts',
      'z.txt',
    ]);
    expect(names(visibleRows(root, new Set(['src/main/git']), ''))).toEqual([
      'src/main/git/',
      'z.txt',
    ]);
    expect(foldersOf(root, 'src/main/git/a.ts')).toEqual(['src/main/git']);
  });

  it('filters by every word of the filter, showing matches inside collapsed folders', () => {
    const root = buildTree([
      file('src/app/main.ts'),
      file('src/app/view.tsx'),
      file('test/app.test.ts'),
    ]);
    const rows = visibleRows(root, new Set(['src/app', 'test']), 'APP test');
    expect(names(rows)).toEqual(['test/', '  app.test.ts']);
    expect(names(visibleRows(root, new Set(['src/app']), 'app .ts'))).toEqual([
      'src/app/',
      '  main.ts',
      '  view.tsx',
      'test/',
      '  app.test.ts',
    ]);
    expect(fileOrder(root, 'view').map((f) => f.path)).toEqual(['src/app/view.tsx']);
    expect(visibleRows(root, new Set(), 'nothing-like-this')).toEqual([]);
  });
});
