/**
 * A table that fits the user's terminal: long names, branches and folders are shortened with
 * an ellipsis so each row stays on one line; the columns a user types back (ids) never are.
 */

const ELLIPSIS = '…';

/** Visible width: colour escapes take no room. */
function width(s: string): number {
  // eslint-disable-next-line no-control-regex
  return [...s.replace(/\x1b\[[0-9;]*m/g, '')].length;
}

/** `s` in at most `max` characters; `keep: 'end'` keeps the end (paths), else the start. */
export function shorten(s: string, max: number, keep: 'start' | 'end' = 'start'): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  if (max <= 1) return ELLIPSIS.slice(0, max);
  return keep === 'end'
    ? ELLIPSIS + chars.slice(chars.length - (max - 1)).join('')
    : chars.slice(0, max - 1).join('') + ELLIPSIS;
}

export interface Shrinkable {
  column: number;
  /** Never narrower than this. */
  min: number;
  keep?: 'start' | 'end';
}

/**
 * The rows with the shrinkable columns' cells shortened so header and rows fit in `columns`
 * characters (two spaces between columns, as `table` lays them out). The widest shrinkable
 * column gives way first. When even the minimums do not fit, the rows are as short as allowed.
 */
export function fitRows(
  header: string[],
  rows: string[][],
  columns: number,
  shrinkable: Shrinkable[],
): string[][] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ''))));
  let excess = widths.reduce((a, b) => a + b, 0) + 2 * (header.length - 1) - columns;
  while (excess > 0) {
    const candidates = shrinkable.filter((s) => widths[s.column]! > s.min);
    if (candidates.length === 0) break;
    const widest = candidates.reduce((a, b) => (widths[b.column]! > widths[a.column]! ? b : a));
    widths[widest.column]!--;
    excess--;
  }
  return rows.map((r) =>
    r.map((cell, i) => {
      const s = shrinkable.find((x) => x.column === i);
      return s ? shorten(cell, widths[i]!, s.keep) : cell;
    }),
  );
}
