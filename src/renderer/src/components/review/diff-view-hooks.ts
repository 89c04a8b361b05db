/**
 * DiffView's hooks and helpers that hold no markup: the patch's model (parsed in steps when
 * big), where runs of changes start, waiting for a virtual row to be drawn, and the "jump to a
 * comment or line" requests.
 */
import type { useVirtualizer } from '@tanstack/react-virtual';
import { type RefObject, useEffect, useState } from 'react';
import type { ReviewComment } from '../../../../shared/schemas/review';
import { useReview } from '../../stores/review';
import { buildDiffModel, diffModelSteps, type DiffFileModel } from './diff-model';
import { type DiffMode, type RowItem, rowItemSteps } from './diff-rows';
import type { DiffReview } from './DiffView';

/**
 * Patches from this size on are parsed in steps between frames, not in one task (a big file's
 * first part, 256 KiB, took one task of 50-100 ms on a busy machine).
 */
const STEPPED_FROM = 64 * 1024;
/** How long one parse step may hold the main thread. */
const STEP_MS = 8;

/**
 * The patch's model: small patches at once; a big one parsed in short steps (the page keeps
 * drawing and scrolling meanwhile), showing the last model until the new one is ready, so
 * "Show the whole file" keeps the first part on screen while the rest is read.
 */
export function useDiffModel(
  patch: string,
  mode: DiffMode,
): { files: DiffFileModel[]; pending: boolean } {
  const stepped = patch.length >= STEPPED_FROM;
  const [model, setModel] = useState(() => ({
    patch: stepped ? null : patch,
    files: stepped ? [] : buildDiffModel(patch),
  }));
  // A small patch: parsed at once (adjusting state while rendering).
  if (!stepped && model.patch !== patch) setModel({ patch, files: buildDiffModel(patch) });
  useEffect(() => {
    if (!stepped) return;
    // Parse, then make each file's rows for the layout shown, all in short steps.
    function* all(): Generator<void, DiffFileModel[], void> {
      const files = yield* diffModelSteps(patch, 500);
      for (const f of files) yield* rowItemSteps(f, mode, 1000);
      return files;
    }
    const steps = all();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      const t0 = performance.now();
      let r = steps.next();
      while (!r.done && performance.now() - t0 < STEP_MS) r = steps.next();
      if (r.done) setModel({ patch, files: r.value });
      else timer = setTimeout(run, 0);
    };
    timer = setTimeout(run, 0);
    return () => clearTimeout(timer);
    // A new layout of the same patch makes its rows when drawn (rowItems), not here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [patch, stepped]);
  return { files: model.files, pending: model.patch !== patch };
}

/** Indexes of the rows that start a run of changed lines. */
export function changeStarts(items: readonly RowItem[]): number[] {
  const out: number[] = [];
  let prevChanged = false;
  items.forEach((it, i) => {
    const changed =
      it.kind === 'line'
        ? it.row.type !== 'context'
        : it.kind === 'split'
          ? it.left?.type !== 'context' || it.right?.type !== 'context'
          : false;
    if (changed && !prevChanged) out.push(i);
    prevChanged = changed;
  });
  return out;
}

/** Runs `find` on the next frames until it returns an element (a virtual row being drawn). */
export function whenDrawn(
  find: () => HTMLElement | null,
  then: (el: HTMLElement) => void,
): () => void {
  let frames = 0;
  let id = 0;
  const tick = () => {
    const el = find();
    if (el) then(el);
    else if (frames++ < 20) id = requestAnimationFrame(tick);
  };
  id = requestAnimationFrame(tick);
  return () => cancelAnimationFrame(id);
}

type RowVirtualizer = ReturnType<typeof useVirtualizer<HTMLDivElement, Element>>;

/**
 * "Jump to comment" / to a line inside this file: the row is scrolled into the virtual list
 * first, then (once drawn) centred and its line focused.
 */
export function useRowJump(
  review: DiffReview | undefined,
  items: readonly RowItem[],
  rowComments: Array<ReviewComment[] | undefined> | null,
  v: RowVirtualizer,
  table: RefObject<HTMLTableElement | null>,
) {
  const jump = useReview((s) => s.jump);
  useEffect(() => {
    if (!review || !jump || jump.sessionId !== review.sessionId) return;
    const view = review.view;
    if ((jump.commit ?? view.tip) !== view.to || (jump.path && jump.path !== view.path)) return;
    const side = jump.side ?? 'new';
    const index = items.findIndex(
      (it, i) =>
        (jump.commentId && rowComments?.[i]?.some((c) => c.id === jump.commentId)) ||
        (jump.line !== undefined &&
          it.kind !== 'hunk' &&
          it.places.some((p) => p.side === side && p.line === jump.line)),
    );
    if (index < 0) {
      // Not a line of this diff: the file is as close as it gets.
      table.current?.scrollIntoView({ block: 'start' });
      useReview.setState({ jump: null });
      return;
    }
    v.scrollToIndex(index, { align: 'center' });
    return whenDrawn(
      () =>
        (jump.commentId &&
          table.current?.querySelector<HTMLElement>(`[data-comment-id="${jump.commentId}"]`)) ||
        (jump.line !== undefined &&
          table.current?.querySelector<HTMLElement>(
            `td[data-side="${side}"][data-line="${jump.line}"]`,
          )) ||
        null,
      (el) => {
        el.scrollIntoView({ block: 'center' });
        if (el.tagName === 'TD') el.focus();
        useReview.setState({ jump: null });
      },
    );
    // Once per jump request; the lists are read as they are then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jump]);
}

/** Scrolls to the place a "jump to comment" asked for when this diff already draws it. */
export function useJump(box: RefObject<HTMLDivElement | null>, review?: DiffReview) {
  const jump = useReview((s) => s.jump);
  useEffect(() => {
    if (!review || !jump || jump.sessionId !== review.sessionId) return;
    const v = review.view;
    if ((jump.commit ?? v.tip) !== v.to || (jump.path && jump.path !== v.path)) return;
    const id = requestAnimationFrame(() => {
      const root = box.current;
      if (!root) return;
      const el =
        (jump.commentId &&
          root.querySelector<HTMLElement>(`[data-comment-id="${jump.commentId}"]`)) ||
        (jump.line &&
          root.querySelector<HTMLElement>(
            `td[data-side="${jump.side ?? 'new'}"][data-line="${jump.line}"]`,
          )) ||
        null;
      // A line not drawn yet is the virtual rows' to reach (useRowJump).
      if (!el) return;
      el.scrollIntoView({ block: 'center' });
      if (el.tagName === 'TD') el.focus();
      useReview.setState({ jump: null });
    });
    return () => cancelAnimationFrame(id);
  }, [jump, review, box]);
}
