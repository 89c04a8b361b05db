/**
 * DiffView: one file's patch drawn as a line-by-line or side-by-side table (diff2html's parser,
 * React's text nodes: file names and lines from the container are never markup). Written with
 * createElement instead of JSX so Node tests can render it without a JSX build step.
 */
import { createElement as h, Fragment, useMemo, type ReactElement } from 'react';
import { buildDiffModel, toSplitRows, type DiffFileModel, type DiffRow } from './diff-model';
import { neutralise, neutraliseLine } from '../../../../shared/neutralise';

export type DiffMode = 'line' | 'split';

const SIGN: Record<DiffRow['type'], string> = { insert: '+', delete: '-', context: ' ' };

function num(n: number | null): ReactElement {
  return h('td', { className: 'rd-num' }, n === null ? '' : String(n));
}

function lineCells(r: DiffRow | null, side: 'old' | 'new' | 'both'): ReactElement[] {
  if (!r)
    return [
      h('td', { key: 'n', className: 'rd-num rd-empty' }),
      h('td', { key: 't', className: 'rd-text rd-empty' }),
    ];
  const n = side === 'old' ? r.oldNo : r.newNo;
  return [
    h('td', { key: 'n', className: 'rd-num' }, n === null ? '' : String(n)),
    h(
      'td',
      { key: 't', className: `rd-text rd-${r.type}` },
      h('span', { className: 'rd-sign' }, SIGN[r.type]),
      neutralise(r.text),
    ),
  ];
}

function FileTable({ file, mode }: { file: DiffFileModel; mode: DiffMode }): ReactElement {
  const title = neutraliseLine(
    file.renamed
      ? `${file.oldName} → ${file.newName}`
      : file.newName === '/dev/null'
        ? file.oldName
        : file.newName,
  );
  const body = file.blocks.map((b, bi) => {
    const cols = mode === 'split' ? 4 : 3;
    const head = h(
      'tr',
      { key: `h${bi}`, className: 'rd-hunk' },
      h('td', { colSpan: cols }, neutraliseLine(b.header)),
    );
    const rows =
      mode === 'split'
        ? toSplitRows(b.rows).map((r, ri) =>
            h(
              'tr',
              { key: `${bi}-${ri}` },
              ...lineCells(r.left, 'old'),
              ...lineCells(r.right, 'new'),
            ),
          )
        : b.rows.map((r, ri) =>
            h(
              'tr',
              { key: `${bi}-${ri}`, className: `rd-row rd-${r.type}` },
              num(r.oldNo),
              num(r.newNo),
              lineCells(r, 'both')[1]!,
            ),
          );
    return h(Fragment, { key: bi }, head, ...rows);
  });
  return h(
    'section',
    { className: 'rd-file', 'aria-label': `Diff of ${title}` },
    h(
      'header',
      { className: 'rd-file-head' },
      h('span', { className: 'rd-file-name mono' }, title),
      file.renamed ? h('span', { className: 'tag' }, 'renamed') : null,
      file.binary ? h('span', { className: 'tag' }, 'binary') : null,
      h('span', { className: 'plus' }, `+${file.added}`),
      h('span', { className: 'minus' }, `−${file.deleted}`),
    ),
    file.blocks.length === 0
      ? h(
          'p',
          { className: 'muted rd-note' },
          file.binary ? 'Binary file: no text diff.' : 'No line changes (mode or name only).',
        )
      : h('table', { className: `rd-table rd-${mode}` }, h('tbody', null, ...body)),
  );
}

export function DiffView({
  patch,
  mode = 'line',
}: {
  patch: string;
  mode?: DiffMode;
}): ReactElement {
  const files = useMemo(() => buildDiffModel(patch), [patch]);
  if (files.length === 0) return h('p', { className: 'muted rd-note' }, 'No changes.');
  return h(
    'div',
    { className: 'rd-diff' },
    ...files.map((f, i) => h(FileTable, { key: i, file: f, mode })),
  );
}
