/**
 * Keyboard movement between a diff's line cells (a roving tabindex: one cell of the table is
 * in the tab order, the arrows move it). Works on the DOM directly so moving the focus does
 * not re-render the table.
 */

/** Moves the focus for an arrow key; returns the newly focused cell, or null. */
export function moveFocus(table: HTMLElement, cell: HTMLElement, key: string): HTMLElement | null {
  let next: HTMLElement | null = null;
  if (key === 'ArrowDown' || key === 'ArrowUp') {
    const cells = Array.from(
      table.querySelectorAll<HTMLElement>(`td[data-line][data-col="${cell.dataset.col ?? ''}"]`),
    );
    const at = cells.indexOf(cell);
    next = cells[at + (key === 'ArrowDown' ? 1 : -1)] ?? null;
  } else if (key === 'ArrowLeft' || key === 'ArrowRight') {
    const col = key === 'ArrowLeft' ? 'L' : 'R';
    if (cell.dataset.col === col || cell.dataset.col === 'U') return null;
    next = cell.parentElement?.querySelector<HTMLElement>(`td[data-col="${col}"]`) ?? null;
    // An empty side: the nearest row above or below that has a line there.
    if (!next) {
      const cells = Array.from(table.querySelectorAll<HTMLElement>(`td[data-line]`));
      const at = cells.indexOf(cell);
      next =
        cells.slice(at).find((c) => c.dataset.col === col) ??
        cells
          .slice(0, at)
          .reverse()
          .find((c) => c.dataset.col === col) ??
        null;
    }
  }
  if (!next) return null;
  for (const c of table.querySelectorAll<HTMLElement>('td[data-line][tabindex="0"]'))
    c.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
  next.scrollIntoView?.({ block: 'nearest' });
  return next;
}
