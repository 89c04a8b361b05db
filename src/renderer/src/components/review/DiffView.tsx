/**
 * DiffView: one file's patch drawn as a line-by-line or side-by-side table (React's text nodes:
 * file names and lines from the container are never markup). The rows are virtualised
 * (@tanstack/react-virtual): only those in view (and a margin) are in the page, so a 10,000-line
 * diff scrolls like a short one; each row's syntax tokens and word changes are computed when it
 * is first drawn. The view is its own scroll box; next/previous change move through it.
 *
 * With `review`, lines take comments: "+" on a hovered or focused line, click / shift-click /
 * drag on line numbers for a range (old or new side), and the keyboard (arrows move between
 * lines, shift+arrows extend, `c` or Enter opens the editor, Escape clears). Comments show
 * under their last line; rows are memoised so the editor opening re-renders only its row.
 */
import {
  type Ref,
  type RefObject,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  type ReactElement,
} from 'react';
import type { DiffSide, ReviewComment } from '../../../../shared/schemas/review';
import { neutraliseLine } from '../../../../shared/neutralise';
import { type EditorTarget, useReview, useSessionComments } from '../../stores/review';
import { CommentThread } from './CommentThread';
import {
  fileComments,
  indexComments,
  inRange,
  lineAnchor,
  lineKey,
  type LineRange,
  type ReviewView,
} from './comment-index';
import type { DiffFileModel } from './diff-model';
import { type DiffMode, rowItems } from './diff-rows';
import { DiffRowView, rowEditor, type RowActions, selOf } from './DiffRows';
import { languageOf } from './line-tokens';
import { useVirtualRows } from './virtual-rows';
import { moveFocus } from './line-keys';
import { changeStarts, useDiffModel, useJump, useRowJump, whenDrawn } from './diff-view-hooks';

/** Next/previous change within the diff, for the review's keys (n / p). */
export interface DiffNav {
  /** Scrolls to the next (1) or previous (-1) run of changed lines; false at the end. */
  change(dir: 1 | -1): boolean;
}

export type { DiffMode } from './diff-rows';

export interface DiffReview {
  sessionId: string;
  view: ReviewView;
  comments: readonly ReviewComment[];
  editor: EditorTarget | null;
}

interface TableActions extends RowActions {
  mouseUp(): void;
  key(cell: HTMLElement, table: HTMLElement, e: React.KeyboardEvent): void;
}

function FileTable(props: {
  file: DiffFileModel;
  mode: DiffMode;
  review?: DiffReview;
  scroller: RefObject<HTMLDivElement | null>;
  nav?: Ref<DiffNav> | undefined;
  emptyNote?: string | undefined;
  totals?: { added: number; deleted: number } | undefined;
}) {
  const { file, mode, review, scroller, emptyNote } = props;
  const added = props.totals?.added ?? file.added;
  const deleted = props.totals?.deleted ?? file.deleted;
  const title = neutraliseLine(
    file.renamed
      ? `${file.oldName} → ${file.newName}`
      : file.newName === '/dev/null'
        ? file.oldName
        : file.newName,
  );
  const items = useMemo(() => rowItems(file, mode), [file, mode]);
  const sessionId = review?.sessionId ?? null;
  const view = review?.view;
  const editor = review?.editor ?? null;
  const scope = view ? `${view.to}\0${view.path}` : '';
  const stored = useReview((s) => (sessionId ? s.selection[sessionId] : null));
  const sel: LineRange | null = stored && stored.scope === scope ? stored : null;
  const drag = useRef(false);
  // What the stable row actions need; kept current after each render.
  const ctx = useRef({ sessionId, view, scope });
  useLayoutEffect(() => {
    ctx.current = { sessionId, view, scope };
  });

  const index = useMemo(
    () => (review ? indexComments(review.comments, review.view) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [review?.comments, view?.to, view?.tip, view?.path, view?.oldPath],
  );
  // Each row's comments, computed once per comment change so rows keep their arrays.
  const rowComments = useMemo(() => {
    // No comments in this view (the common case): nothing to look up for 100,000 rows.
    if (!index || !view || index.size === 0) return null;
    return items.map((it) => {
      if (it.kind === 'hunk') return undefined;
      const lists = it.places.flatMap((p) => index.get(lineKey(view.path, p.side, p.line)) ?? []);
      return lists.length ? lists : undefined;
    });
  }, [index, items, view]);

  const hasReview = review !== undefined;
  const act = useMemo<TableActions | null>(() => {
    if (!hasReview) return null;
    const current = (): LineRange | null => {
      const { sessionId: id, scope: sc } = ctx.current;
      const s = id ? useReview.getState().selection[id] : null;
      return s && s.scope === sc ? s : null;
    };
    const select = (r: LineRange | null) => {
      const { sessionId: id, scope: sc } = ctx.current;
      if (id) useReview.getState().select(id, r && { ...r, scope: sc });
    };
    const open = (r: LineRange) => {
      const { sessionId: id, view: v } = ctx.current;
      if (!id || !v) return;
      select(r);
      useReview.getState().openEditor(id, { kind: 'new', anchor: lineAnchor(v, r) });
    };
    return {
      numDown: (side, line, shift) => {
        const cur = current();
        drag.current = true;
        select(
          shift && cur && cur.side === side
            ? { ...cur, end: line }
            : { side, start: line, end: line },
        );
      },
      numEnter: (side, line) => {
        const cur = current();
        if (drag.current && cur && cur.side === side) select({ ...cur, end: line });
      },
      plus: (side, line) => {
        const cur = current();
        open(cur && inRange(cur, side, line) ? cur : { side, start: line, end: line });
      },
      mouseUp: () => {
        if (!drag.current) return;
        drag.current = false;
        const cur = current();
        if (cur) open(cur);
      },
      key: (cell: HTMLElement, table: HTMLElement, e: React.KeyboardEvent) => {
        const side = cell.dataset.side as DiffSide;
        const line = Number(cell.dataset.line);
        const cur = current();
        if ((e.key === 'c' || e.key === 'Enter') && !e.ctrlKey && !e.metaKey && !e.altKey) {
          e.preventDefault();
          open(cur && inRange(cur, side, line) ? cur : { side, start: line, end: line });
        } else if (e.key === 'Escape') {
          select(null);
        } else {
          const next = moveFocus(table, cell, e.key);
          if (!next) return;
          e.preventDefault();
          const nl = Number(next.dataset.line);
          if (e.shiftKey && next.dataset.side === side)
            select(cur && cur.side === side ? { ...cur, end: nl } : { side, start: line, end: nl });
        }
      },
    };
  }, [hasReview]);
  useEffect(() => {
    if (!act) return;
    window.addEventListener('mouseup', act.mouseUp);
    return () => window.removeEventListener('mouseup', act.mouseUp);
  }, [act]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLTableElement>) => {
    const cell = e.target as HTMLElement;
    if (!act || cell.tagName !== 'TD' || !cell.dataset.line) return;
    act.key(cell, e.currentTarget, e);
  };

  const fileList = review ? fileComments(review.comments, view!.path) : [];
  const fileEditor =
    editor?.kind === 'new' && editor.anchor.kind === 'file' && editor.anchor.path === view?.path
      ? editor
      : editor?.kind === 'edit' && fileList.some((c) => c.id === editor.id)
        ? editor
        : null;
  const cols = mode === 'split' ? 4 : 3;
  const firstIdx = items.findIndex((it) => it.kind !== 'hunk');
  const lang = useMemo(
    () => languageOf(file.newName === '/dev/null' ? file.oldName : file.newName),
    [file],
  );

  const above = `${fileList.length}|${fileEditor ? 1 : 0}|${mode}`;
  const { tableRef, margin, v } = useVirtualRows({
    items,
    scroller,
    above,
    tall: { rowComments, editor },
  });
  const rows = v.getVirtualItems();
  const total = v.getTotalSize();
  const padTop = rows.length ? rows[0]!.start - margin : 0;
  const padBottom = rows.length ? total - (rows[rows.length - 1]!.end - margin) : 0;

  // Next/previous change: from the last one moved to while it is in view, else from the top.
  const starts = useMemo(() => changeStarts(items), [items]);
  const lastNav = useRef(-1);
  useImperativeHandle(
    props.nav,
    () => ({
      change: (dir) => {
        const sc = scroller.current;
        const visible = v.getVirtualItems();
        const top = sc
          ? (visible.find((r) => r.end > sc.scrollTop + 1)?.index ?? 0)
          : (visible[0]?.index ?? 0);
        const bottom = sc
          ? (visible.findLast((r) => r.start < sc.scrollTop + sc.clientHeight)?.index ?? top)
          : top;
        const from =
          lastNav.current >= top && lastNav.current <= bottom
            ? lastNav.current
            : dir > 0
              ? top - 1
              : bottom + 1;
        const target = dir > 0 ? starts.find((i) => i > from) : starts.findLast((i) => i < from);
        if (target === undefined) return false;
        lastNav.current = target;
        v.scrollToIndex(target, { align: 'start' });
        whenDrawn(
          () =>
            tableRef.current?.querySelector<HTMLElement>(
              `tbody[data-index="${target}"] td[data-line]`,
            ) ?? null,
          (el) => {
            el.tabIndex = 0;
            el.focus({ preventScroll: true });
          },
        );
        return true;
      },
    }),
    [v, starts, scroller, tableRef],
  );

  useRowJump(review, items, rowComments, v, tableRef);

  return (
    <section className="rd-file" aria-label={`Diff of ${title}`}>
      <header className="rd-file-head">
        <span className="rd-file-name mono">{title}</span>
        {file.renamed && <span className="tag">renamed</span>}
        {file.binary && <span className="tag">binary</span>}
        <span className="plus">{`+${added}`}</span>
        <span className="minus">{`−${deleted}`}</span>
        {review && (
          <button
            className="button rd-file-comment"
            onClick={() =>
              useReview.getState().openEditor(review.sessionId, {
                kind: 'new',
                anchor: { kind: 'file', path: review.view.path, commit: review.view.to },
              })
            }
          >
            Comment on file
          </button>
        )}
      </header>
      {sessionId && (fileList.length > 0 || fileEditor) && (
        <CommentThread comments={fileList} editor={fileEditor} sessionId={sessionId} />
      )}
      {file.blocks.length === 0 ? (
        <p className="muted rd-note">
          {file.binary
            ? 'Binary file: no text diff.'
            : (emptyNote ?? 'No line changes (mode or name only).')}
        </p>
      ) : (
        <table
          ref={tableRef}
          className={`rd-table rd-${mode}`}
          onKeyDown={onKeyDown}
          data-rows={items.length}
        >
          <colgroup>
            {mode === 'split' ? (
              <>
                <col className="rd-col-num" />
                <col />
                <col className="rd-col-num" />
                <col />
              </>
            ) : (
              <>
                <col className="rd-col-num" />
                <col className="rd-col-num" />
                <col />
              </>
            )}
          </colgroup>
          {padTop > 0 && (
            <tbody aria-hidden="true">
              <tr>
                <td colSpan={cols} className="rd-pad" style={{ height: padTop }} />
              </tr>
            </tbody>
          )}
          {rows.map((r) => {
            const it = items[r.index]!;
            const list = rowComments?.[r.index];
            return (
              <tbody key={r.key} data-index={r.index} ref={v.measureElement}>
                <DiffRowView
                  item={it}
                  cols={cols}
                  sel={selOf(it, sel)}
                  first={r.index === firstIdx}
                  comments={list}
                  editor={rowEditor(it, editor, list)}
                  sessionId={sessionId}
                  act={act}
                  lang={lang}
                />
              </tbody>
            );
          })}
          {padBottom > 0 && (
            <tbody aria-hidden="true">
              <tr>
                <td colSpan={cols} className="rd-pad" style={{ height: padBottom }} />
              </tr>
            </tbody>
          )}
        </table>
      )}
    </section>
  );
}

export function DiffView({
  patch,
  mode = 'line',
  review,
  nav,
  emptyNote,
  totals,
}: {
  patch: string;
  mode?: DiffMode;
  review?: DiffReview;
  /** Filled with next/previous change of the (first) file. */
  nav?: Ref<DiffNav>;
  /** What to say for a file without line changes (e.g. whitespace hidden). */
  emptyNote?: string;
  /** The whole file's +/− when the patch holds only its first part. */
  totals?: { added: number; deleted: number };
}): ReactElement {
  const { files, pending } = useDiffModel(patch, mode);
  const box = useRef<HTMLDivElement>(null);
  useJump(box, review);
  if (files.length === 0)
    return (
      <p className="muted rd-note">
        {pending ? 'Reading the diff…' : (emptyNote ?? 'No changes.')}
      </p>
    );
  return (
    <div className="rd-diff" ref={box}>
      {files.map((f, i) => (
        <FileTable
          key={i}
          file={f}
          mode={mode}
          review={review}
          scroller={box}
          nav={i === 0 ? nav : undefined}
          emptyNote={emptyNote}
          totals={i === 0 ? totals : undefined}
        />
      ))}
    </div>
  );
}

/** DiffView fed by the review store: the session's comments and its open editor. */
export function CommentableDiffView(props: {
  patch: string;
  mode: DiffMode;
  sessionId: string;
  view: ReviewView;
  nav?: Ref<DiffNav>;
  emptyNote?: string;
  totals?: { added: number; deleted: number };
}): ReactElement {
  const { sessionId, view } = props;
  const comments = useSessionComments(sessionId);
  const editor = useReview((s) => s.editor[sessionId] ?? null);
  const review = useMemo(
    () => ({ sessionId, view, comments, editor }),
    [sessionId, view, comments, editor],
  );
  return (
    <DiffView
      patch={props.patch}
      mode={props.mode}
      review={review}
      {...(props.nav ? { nav: props.nav } : {})}
      {...(props.emptyNote !== undefined ? { emptyNote: props.emptyNote } : {})}
      {...(props.totals ? { totals: props.totals } : {})}
    />
  );
}
