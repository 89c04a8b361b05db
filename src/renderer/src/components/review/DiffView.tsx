/**
 * DiffView: one file's patch drawn as a line-by-line or side-by-side table (diff2html's parser,
 * React's text nodes: file names and lines from the container are never markup).
 *
 * With `review`, lines take comments: "+" on a hovered or focused line, click / shift-click /
 * drag on line numbers for a range (old or new side), and the keyboard (arrows move between
 * lines, shift+arrows extend, `c` or Enter opens the editor, Escape clears). Comments show
 * under their last line; rows are memoised so the editor opening re-renders only its row.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, type ReactElement } from 'react';
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
import { buildDiffModel, type DiffFileModel } from './diff-model';
import { type DiffMode, rowItems } from './diff-rows';
import { chunkHas, chunked, DiffChunk, rowEditor, type RowActions, selOf } from './DiffRows';
import { moveFocus } from './line-keys';

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

function FileTable(props: { file: DiffFileModel; mode: DiffMode; review?: DiffReview }) {
  const { file, mode, review } = props;
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
    if (!index || !view) return null;
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
  const chunks = useMemo(() => chunked(items, rowComments), [items, rowComments]);
  return (
    <section className="rd-file" aria-label={`Diff of ${title}`}>
      <header className="rd-file-head">
        <span className="rd-file-name mono">{title}</span>
        {file.renamed && <span className="tag">renamed</span>}
        {file.binary && <span className="tag">binary</span>}
        <span className="plus">{`+${file.added}`}</span>
        <span className="minus">{`−${file.deleted}`}</span>
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
          {file.binary ? 'Binary file: no text diff.' : 'No line changes (mode or name only).'}
        </p>
      ) : (
        <table className={`rd-table rd-${mode}`} onKeyDown={onKeyDown}>
          <tbody>
            {chunks.map((c) => (
              <DiffChunk
                key={c.start}
                items={c.items}
                comments={c.comments}
                start={c.start}
                firstIdx={firstIdx}
                cols={cols}
                editor={
                  editor && chunkHas(c, (it, l) => rowEditor(it, editor, l) !== null)
                    ? editor
                    : null
                }
                sel={sel && chunkHas(c, (it) => selOf(it, sel) !== '') ? sel : null}
                sessionId={sessionId}
                act={act}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Scrolls to the place a "jump to comment" asked for once this diff shows it. */
function useJump(box: React.RefObject<HTMLDivElement | null>, review?: DiffReview) {
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
        root;
      el.scrollIntoView({ block: 'center' });
      if (el.tagName === 'TD') el.focus();
      useReview.setState({ jump: null });
    });
    return () => cancelAnimationFrame(id);
  }, [jump, review, box]);
}

export function DiffView({
  patch,
  mode = 'line',
  review,
}: {
  patch: string;
  mode?: DiffMode;
  review?: DiffReview;
}): ReactElement {
  const files = useMemo(() => buildDiffModel(patch), [patch]);
  const box = useRef<HTMLDivElement>(null);
  useJump(box, review);
  if (files.length === 0) return <p className="muted rd-note">No changes.</p>;
  return (
    <div className="rd-diff" ref={box}>
      {files.map((f, i) => (
        <FileTable key={i} file={f} mode={mode} review={review} />
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
}): ReactElement {
  const { sessionId, view } = props;
  const comments = useSessionComments(sessionId);
  const editor = useReview((s) => s.editor[sessionId] ?? null);
  const review = useMemo(
    () => ({ sessionId, view, comments, editor }),
    [sessionId, view, comments, editor],
  );
  return <DiffView patch={props.patch} mode={props.mode} review={review} />;
}
