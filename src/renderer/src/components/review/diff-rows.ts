/**
 * The rows a file table draws (hunk headers, unified lines or side-by-side pairs), each with
 * the (side, line) places it holds, so comments and the editor find their row by key.
 */
import type { DiffSide } from '../../../../shared/schemas/review';
import { type DiffFileModel, type DiffRow, toSplitRows } from './diff-model';

export type DiffMode = 'line' | 'split';

export interface Place {
  side: DiffSide;
  line: number;
}

export type RowItem =
  | { kind: 'hunk'; key: string; header: string }
  | { kind: 'line'; key: string; row: DiffRow; places: Place[] }
  | { kind: 'split'; key: string; left: DiffRow | null; right: DiffRow | null; places: Place[] };

/** The side a unified row comments on: deletions the old file, everything else the new. */
export function unifiedPlace(r: DiffRow): Place | null {
  if (r.type === 'delete') return r.oldNo === null ? null : { side: 'old', line: r.oldNo };
  return r.newNo === null ? null : { side: 'new', line: r.newNo };
}

function placesOf(...cells: Array<[DiffSide, number | null] | null>): Place[] {
  const out: Place[] = [];
  for (const c of cells) if (c && c[1] !== null) out.push({ side: c[0], line: c[1] });
  return out;
}

/** Rows already made per file model and layout (a big file's are made in steps, ahead). */
const made = new WeakMap<DiffFileModel, Partial<Record<DiffMode, RowItem[]>>>();

export function rowItems(file: DiffFileModel, mode: DiffMode): RowItem[] {
  const have = made.get(file)?.[mode];
  if (have) return have;
  const steps = rowItemSteps(file, mode);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/** rowItems in steps (yielding every `perStep` rows); the result is remembered for rowItems. */
export function* rowItemSteps(
  file: DiffFileModel,
  mode: DiffMode,
  perStep = 5000,
): Generator<void, RowItem[], void> {
  const items: RowItem[] = [];
  for (let bi = 0; bi < file.blocks.length; bi++) {
    const b = file.blocks[bi]!;
    items.push({ kind: 'hunk', key: `h${bi}`, header: b.header });
    if (mode === 'split') {
      const rows = toSplitRows(b.rows);
      for (let ri = 0; ri < rows.length; ri++) {
        const r = rows[ri]!;
        items.push({
          kind: 'split',
          key: `${bi}-${ri}`,
          left: r.left,
          right: r.right,
          places: placesOf(
            r.left ? ['old', r.left.oldNo] : null,
            r.right ? ['new', r.right.newNo] : null,
          ),
        });
        if (items.length % perStep === 0) yield;
      }
    } else {
      for (let ri = 0; ri < b.rows.length; ri++) {
        const r = b.rows[ri]!;
        const u = unifiedPlace(r);
        items.push({
          kind: 'line',
          key: `${bi}-${ri}`,
          row: r,
          // A context line is on both sides: comments on either side show under it.
          places:
            r.type === 'context'
              ? placesOf(['new', r.newNo], ['old', r.oldNo])
              : placesOf(u && [u.side, u.line]),
        });
        if (items.length % perStep === 0) yield;
      }
    }
  }
  made.set(file, { ...made.get(file), [mode]: items });
  return items;
}
