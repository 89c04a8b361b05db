/**
 * What each diff row draws: its syntax tokens (with its hunk as context) and word changes, as
 * segments of text with class names the app chose. Colouring costs about as much as the rest of
 * a row's drawing, so a frame does only a little of it itself (SYNC_BUDGET_MS per task): the
 * rows past that draw as plain text at once and are coloured in short tasks after (SLICE_MS
 * each), in the order they were drawn, so opening or scrolling a big diff never holds the page
 * for long. A row that leaves the screen before its turn is dropped from the queue.
 */
import { useEffect, useReducer } from 'react';
import { neutralise } from '../../../../shared/neutralise';
import type { DiffBlockModel, DiffRow } from './diff-model';
import {
  highlightLines,
  lineSegments,
  markChanges,
  MAX_BLOCK_LINES,
  type Segment,
  wordChanges,
} from './line-tokens';

/** Each row's segments, computed the first time it is drawn (rows are the model's objects). */
const segmentCache = new WeakMap<DiffRow, { lang: string | null; segs: Segment[] }>();
/** Each hunk's lines highlighted together, per side, computed when its first row is drawn. */
const blockCache = new WeakMap<
  DiffBlockModel,
  { lang: string | null; lines: Map<DiffRow, Segment[]> | null }
>();

/** Whether colouring `r` highlights its whole hunk first (up to MAX_BLOCK_LINES a side). */
function blockPending(r: DiffRow, lang: string | null): boolean {
  const b = r.block;
  if (!b || !lang || b.rows.length > 2 * MAX_BLOCK_LINES) return false;
  return blockCache.get(b)?.lang !== lang;
}

/** The syntax tokens of `r` with its hunk as context (null: highlight the line alone). */
function blockTokens(r: DiffRow, lang: string | null): Segment[] | null {
  const b = r.block;
  // A huge hunk is coloured line by line (one pass over it would hold the page).
  if (!b || !lang || b.rows.length > 2 * MAX_BLOCK_LINES) return null;
  let hit = blockCache.get(b);
  if (!hit || hit.lang !== lang) {
    const lines = new Map<DiffRow, Segment[]>();
    let ok = true;
    for (const side of ['old', 'new'] as const) {
      const rows = b.rows.filter((x) => x.type !== (side === 'old' ? 'insert' : 'delete'));
      const toks = highlightLines(
        lang,
        rows.map((x) => neutralise(x.text)),
      );
      if (!toks) {
        ok = false;
        break;
      }
      // A context line is drawn once: its new side's tokens.
      rows.forEach((x, i) => {
        if (side === 'new' || x.type === 'delete') lines.set(x, toks[i]!);
      });
    }
    hit = { lang, lines: ok ? lines : null };
    blockCache.set(b, hit);
  }
  return hit.lines?.get(r) ?? null;
}

/** The row's segments, computed now if they are not yet. */
export function segmentsOf(r: DiffRow, lang: string | null): Segment[] {
  const hit = segmentCache.get(r);
  if (hit && hit.lang === lang) return hit.segs;
  const text = neutralise(r.text);
  const side = r.type === 'delete' ? 'old' : 'new';
  const pair = r.pair === undefined ? undefined : neutralise(r.pair);
  const tokens = blockTokens(r, lang);
  const segs = tokens
    ? markChanges(
        tokens.length ? tokens : [{ text, cls: '', changed: false }],
        wordChanges(text, pair, side),
      )
    : lineSegments(lang, text, pair, side);
  segmentCache.set(r, { lang, segs });
  return segs;
}

/** Colouring a task's rows may take before the rest waits for later tasks. */
const SYNC_BUDGET_MS = 4;
/** How long one later task colours queued rows. */
const SLICE_MS = 6;
/** A hunk this long (both sides) is not highlighted inside a frame's drawing. */
const SYNC_BLOCK_ROWS = 60;

let spent = 0;
let resetQueued = false;

/** Time spent colouring in this task; reset once the task's script is done. */
function charge(ms: number): void {
  spent += ms;
  if (resetQueued) return;
  resetQueued = true;
  queueMicrotask(() => {
    spent = 0;
    resetQueued = false;
  });
}

export interface Waiting {
  r: DiffRow;
  lang: string | null;
  done: () => void;
}
/** Rows waiting for their colours, in the order they were drawn. */
const queue = new Set<Waiting>();
let timer: ReturnType<typeof setTimeout> | null = null;

function run(): void {
  timer = null;
  const t0 = performance.now();
  const ready: Array<() => void> = [];
  for (const w of queue) {
    queue.delete(w);
    segmentsOf(w.r, w.lang);
    ready.push(w.done);
    if (performance.now() - t0 > SLICE_MS) break;
  }
  // React draws the rows coloured in this slice together.
  for (const done of ready) done();
  if (queue.size && timer === null) timer = setTimeout(run, 0);
}

/** Colours a row in a later task, then calls its `done`; the result undoes the request. */
export function whenColoured(w: Waiting): () => void {
  queue.add(w);
  if (timer === null) timer = setTimeout(run, 0);
  return () => queue.delete(w);
}

/**
 * The row's segments now when they are known or cheap enough, else null (drawn plain for now,
 * coloured through whenColoured).
 */
export function segmentsNow(r: DiffRow, lang: string | null): Segment[] | null {
  const hit = segmentCache.get(r);
  if (hit && hit.lang === lang) return hit.segs;
  if (spent >= SYNC_BUDGET_MS) return null;
  if (blockPending(r, lang) && r.block!.rows.length > SYNC_BLOCK_ROWS) return null;
  const t0 = performance.now();
  const segs = segmentsOf(r, lang);
  charge(performance.now() - t0);
  return segs;
}

/**
 * A row's segments for drawing: coloured when they can be had now, else the plain text, the
 * row drawing itself again once its colours are ready.
 */
export function useRowSegments(r: DiffRow, lang: string | null): Segment[] {
  const [, coloured] = useReducer((n: number) => n + 1, 0);
  const segs = segmentsNow(r, lang);
  const waiting = segs === null;
  useEffect(() => {
    if (!waiting) return;
    return whenColoured({ r, lang, done: coloured });
  }, [r, lang, waiting]);
  return segs ?? [{ text: neutralise(r.text), cls: '', changed: false }];
}
