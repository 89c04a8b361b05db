/**
 * The review's file pane: a filter box, then the changed files as a collapsible folder tree
 * (natural order, +/− per file and folder, a "viewed" checkbox per file), virtualised so 20,000
 * files draw as fast as 20. File names come from the container: neutralised text only.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, type ReactElement } from 'react';
import type { DiffFile } from '../../../../shared/schemas/commits';
import { neutraliseLine } from '../../../../shared/neutralise';
import { type TreeDir, type TreeRow, visibleRows } from './file-tree';
import { observeRectAfterLayout } from './virtual-rect';

const STATUS_MARK: Record<string, string> = {
  added: 'A',
  modified: 'M',
  deleted: 'D',
  renamed: 'R',
  copied: 'C',
  typechange: 'T',
  unmerged: 'U',
  unknown: '?',
};

const ROW_HEIGHT = 26;
const rowHeight = () => ROW_HEIGHT;

export function fileKey(f: Pick<DiffFile, 'path' | 'oldPath'>): string {
  return `${f.oldPath ?? ''}\0${f.path}`;
}

function Stat(props: { ins: number | null; del: number | null }): ReactElement {
  return (
    <span className="file-stat">
      <span className="plus">+{props.ins ?? 0}</span>
      <span className="minus">−{props.del ?? 0}</span>
    </span>
  );
}

const Row = memo(function Row(props: {
  row: TreeRow;
  on: boolean;
  viewed: boolean;
  onFile: (f: DiffFile) => void;
  onDir: (path: string) => void;
  onViewed: (f: DiffFile, v: boolean) => void;
}): ReactElement {
  const { row, on, viewed } = props;
  const indent = { paddingLeft: 8 + row.depth * 14 };
  if (row.kind === 'dir') {
    const d = row.node;
    return (
      <button
        className="rv-row rv-dir"
        style={indent}
        data-testid="folder-row"
        aria-expanded={row.open}
        title={neutraliseLine(d.path)}
        onClick={() => props.onDir(d.path)}
      >
        <span className="rv-chevron" aria-hidden="true">
          {row.open ? '▾' : '▸'}
        </span>
        <span className="rv-name">{neutraliseLine(d.name)}</span>
        <span className="rv-count muted">{d.fileCount}</span>
        <Stat ins={d.insertions} del={d.deletions} />
      </button>
    );
  }
  const f = row.node.file;
  // A moved file shows where it came from (its folder row says only where it is now).
  const moved = f.oldPath !== undefined && f.oldPath !== f.path;
  const label = moved ? `${f.oldPath} → ${f.path}` : f.path;
  return (
    <div className={`rv-row rv-file${on ? ' file-row-on' : ''}${viewed ? ' rv-viewed' : ''}`}>
      <button
        className="rv-file-button"
        style={indent}
        data-testid="file-row"
        data-path={f.path}
        aria-current={on ? 'true' : undefined}
        title={neutraliseLine(label)}
        onClick={() => props.onFile(f)}
      >
        <span className={`file-status file-${f.status}`} title={f.status}>
          {STATUS_MARK[f.status] ?? '?'}
        </span>
        <span className="rv-name">
          {neutraliseLine(moved ? `${f.oldPath} → ${f.path}` : row.node.name)}
        </span>
        {moved && <span className="tag">{f.status === 'copied' ? 'copied' : 'renamed'}</span>}
        {f.binary ? (
          <span className="tag">binary</span>
        ) : (
          <Stat ins={f.insertions} del={f.deletions} />
        )}
      </button>
      <input
        type="checkbox"
        className="rv-viewed-box"
        checked={viewed}
        aria-label={`Viewed ${neutraliseLine(f.path)}`}
        title="Viewed"
        onChange={(e) => props.onViewed(f, e.target.checked)}
      />
    </div>
  );
});

export function FileTree(props: {
  root: TreeDir;
  collapsed: ReadonlySet<string>;
  filter: string;
  onFilter: (s: string) => void;
  selected: DiffFile | null;
  isViewed: (f: DiffFile) => boolean;
  viewedCount: number;
  total: number;
  truncated: boolean;
  onFile: (f: DiffFile) => void;
  onDir: (path: string) => void;
  onViewed: (f: DiffFile, v: boolean) => void;
}): ReactElement {
  const { root, collapsed, filter, selected } = props;
  const rows = useMemo(() => visibleRows(root, collapsed, filter), [root, collapsed, filter]);
  const box = useRef<HTMLDivElement>(null);
  // The virtualiser's results are read afresh on every render (no memoised copies kept).
  // eslint-disable-next-line react-hooks/incompatible-library
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => box.current,
    estimateSize: rowHeight,
    observeElementRect: observeRectAfterLayout,
    overscan: 20,
    initialRect: { width: 300, height: 800 },
  });
  // Keeps the selected file in view when the keyboard moves to it.
  const selKey = selected ? fileKey(selected) : null;
  const selIndex = useMemo(
    () =>
      selKey === null
        ? -1
        : rows.findIndex((r) => r.kind === 'file' && fileKey(r.node.file) === selKey),
    [rows, selKey],
  );
  useEffect(() => {
    if (selIndex < 0) return;
    // A row already in view (a click's, usually) needs no scroll: asking for one anyway made
    // the browser lay out the new tree inside the click's task.
    const top = v.scrollOffset ?? 0;
    const height = v.scrollRect?.height ?? 0;
    const row = selIndex * ROW_HEIGHT;
    if (height > 0 && row >= top && row + ROW_HEIGHT <= top + height) return;
    v.scrollToIndex(selIndex, { align: 'auto' });
    // Only when the selection moves (not on every scroll the virtualiser reports).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selKey]);
  return (
    <div className="rv-tree-pane">
      <div className="rv-tree-head">
        <input
          className="rv-filter"
          type="search"
          placeholder="Filter files"
          aria-label="Filter files"
          value={filter}
          onChange={(e) => props.onFilter(e.target.value)}
        />
        <span className="rv-summary muted" data-testid="review-summary">
          {props.total} file{props.total === 1 ? '' : 's'} ·{' '}
          <Stat ins={root.insertions} del={root.deletions} /> · {props.viewedCount}/{props.total}{' '}
          viewed
        </span>
      </div>
      <div className="rv-tree" ref={box} role="tree" aria-label="Changed files">
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const f = row.kind === 'file' ? row.node.file : null;
            return (
              <div
                key={row.kind === 'dir' ? `d\0${row.node.path}` : `f\0${fileKey(f!)}`}
                className="rv-slot"
                role="treeitem"
                aria-level={row.depth + 1}
                aria-selected={f !== null && selKey === fileKey(f)}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                <Row
                  row={row}
                  on={f !== null && selKey === fileKey(f)}
                  viewed={f !== null && props.isViewed(f)}
                  onFile={props.onFile}
                  onDir={props.onDir}
                  onViewed={props.onViewed}
                />
              </div>
            );
          })}
        </div>
        {rows.length === 0 && (
          <p className="muted review-pad">
            {filter ? 'No changed file matches the filter.' : 'No file changes.'}
          </p>
        )}
        {props.truncated && (
          <p className="muted review-pad">More files changed than the list shows.</p>
        )}
      </div>
    </div>
  );
}
