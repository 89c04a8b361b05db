/**
 * The diff table's virtual rows: where the table starts in its scroll box (what is above it:
 * the header, the file's comments, its editor), each row's size (estimated first, measured
 * after the frame's layout), and the virtualiser over them. Markup-free, so the table
 * (DiffView.tsx) keeps only what it draws.
 */
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { RowItem } from './diff-rows';
import { observeRectAfterLayout } from './virtual-rect';

/**
 * A row's height before it is measured: one line (review.css sets the line height to it) and
 * a hunk header's padding. Rows are still measured (a long line wraps, a comment adds a thread),
 * but one that matches its estimate changes nothing: the virtualiser would otherwise compute
 * every row's position again for each row drawn, 100,000 of them in a 5 MB file.
 */
const ROW_HEIGHT = 18;
const HUNK_HEIGHT = 22;
/** Where the last table drawn started in its scroll box (see useVirtualRows' margin). */
let lastMargin = 0;

export interface VirtualRowsInput {
  items: RowItem[];
  scroller: RefObject<HTMLDivElement | null>;
  /** Changes when what is above the table changes (its position is read again then). */
  above: string;
  /** Rows far from their estimate, measured at once: those with a thread, and any editor. */
  tall: { rowComments: readonly (readonly unknown[] | undefined)[] | null; editor: unknown };
}

export function useVirtualRows({ items, scroller, above, tall }: VirtualRowsInput) {
  // Where the table starts inside the scroll box (the header and file comments are above it).
  const tableRef = useRef<HTMLTableElement>(null);
  // Starting from the last table's margin (the same header, nearly always) saves a new table
  // the virtualiser's second pass over all its rows when the margin is measured.
  const [margin, setMargin] = useState(lastMargin);
  // When what is above the table changes (the file's comments, its editor), not on every
  // scroll: reading the layout in each frame would cost the scroll its frames. Read in the
  // next frame, where the browser lays the page out anyway: read in a layout effect, it made
  // the page lay out inside React's commit, the longest part of opening a file.
  useEffect(() => {
    const id = requestAnimationFrame(() => {
      const t = tableRef.current;
      const sc = scroller.current ?? t?.closest<HTMLElement>('.rd-diff') ?? null;
      if (!t || !sc) return;
      const m = t.getBoundingClientRect().top - sc.getBoundingClientRect().top + sc.scrollTop;
      lastMargin = m;
      if (Math.abs(m - margin) > 0.5) setMargin(m);
    });
    return () => cancelAnimationFrame(id);
  }, [above, scroller, margin, items.length]);
  const itemKey = useCallback((i: number) => items[i]!.key, [items]);
  const estimateSize = useCallback(
    (i: number) => (items[i]!.kind === 'hunk' ? HUNK_HEIGHT : ROW_HEIGHT),
    [items],
  );
  // A row drawn for the first time is taken at its estimate, its real height coming from the
  // virtualiser's ResizeObserver after the frame's layout: reading it at once (the default)
  // made the page lay out inside React's commit, doubling the task that draws a new file. A
  // row with a comment thread or the editor is read at once (far from its estimate, and what
  // "jump to comment" scrolls to).
  const tallRef = useRef(tall);
  useLayoutEffect(() => {
    tallRef.current = tall;
  });
  const measureElement = useCallback(
    (
      el: Element,
      entry: ResizeObserverEntry | undefined,
      inst: Virtualizer<HTMLDivElement, Element>,
    ) => {
      const box = entry?.borderBoxSize?.[0];
      if (box) return Math.round(box.blockSize);
      if (entry) return Math.round(el.getBoundingClientRect().height);
      const i = inst.indexFromElement(el);
      const known = items[i] ? inst.itemSizeCache.get(items[i].key) : undefined;
      if (known !== undefined) return known;
      if (tallRef.current.rowComments?.[i] || tallRef.current.editor)
        return Math.round(el.getBoundingClientRect().height);
      return estimateSize(i);
    },
    [items, estimateSize],
  );
  // The virtualiser's results are read afresh on every render (no memoised copies kept).
  // eslint-disable-next-line react-hooks/incompatible-library
  const v = useVirtualizer({
    measureElement,
    observeElementRect: observeRectAfterLayout,
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize,
    // Stable per model: a new function would make the virtualiser measure every row again.
    getItemKey: itemKey,
    // Rows past the edge drawn ahead: a wheel's fast scroll stays covered, while each frame
    // lays out and paints few rows.
    overscan: 12,
    scrollMargin: margin,
    // Drawn on the server (tests) or before the box is measured: the first screenful.
    initialRect: { width: 1000, height: 1200 },
  });
  return { tableRef, margin, v };
}
