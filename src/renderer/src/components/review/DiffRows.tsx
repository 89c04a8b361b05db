/**
 * One row of a file table, memoised: opening the editor, selecting lines or a new comment
 * re-renders only the rows whose comments, editor or selection changed, not the whole diff.
 * Line text is repo text: neutralised, split into syntax tokens and changed words (segments of
 * text with class names the app chose, row-segments.ts), and drawn as text nodes.
 */
import { memo, type ReactElement } from 'react';
import type { DiffSide, ReviewComment } from '../../../../shared/schemas/review';
import { inRange, type LineRange } from './comment-index';
import { neutraliseLine } from '../../../../shared/neutralise';
import type { EditorTarget } from '../../stores/review';
import { CommentThread } from './CommentThread';
import type { DiffRow } from './diff-model';
import { type RowItem, unifiedPlace } from './diff-rows';
import { useRowSegments } from './row-segments';

function LineText(props: { r: DiffRow; lang: string | null }): ReactElement {
  const segs = useRowSegments(props.r, props.lang);
  return (
    <>
      {segs.map((s, i) => {
        const cls = s.changed ? `${s.cls} rd-word`.trim() : s.cls;
        return cls ? (
          <span key={i} className={cls}>
            {s.text}
          </span>
        ) : (
          s.text
        );
      })}
    </>
  );
}

const SIGN: Record<DiffRow['type'], string> = { insert: '+', delete: '-', context: ' ' };

/** What a row asks of its table; one stable object per table. */
export interface RowActions {
  numDown(side: DiffSide, line: number, shift: boolean): void;
  numEnter(side: DiffSide, line: number): void;
  plus(side: DiffSide, line: number): void;
}

function NumCell(props: {
  n: number | null;
  side: DiffSide;
  sel: boolean;
  act: RowActions | null;
}): ReactElement {
  const { n, side, sel, act } = props;
  if (n === null || !act) return <td className="rd-num">{n === null ? '' : String(n)}</td>;
  return (
    <td
      className={`rd-num rd-num-pick${sel ? ' rd-sel' : ''}`}
      data-num={`${side}:${n}`}
      title="Click, shift-click or drag to comment on lines"
      onMouseDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        act.numDown(side, n, e.shiftKey);
      }}
      onMouseEnter={() => act.numEnter(side, n)}
    >
      {String(n)}
    </td>
  );
}

function TextCell(props: {
  r: DiffRow;
  side: DiffSide;
  line: number | null;
  col: string;
  first: boolean;
  sel: boolean;
  act: RowActions | null;
  lang: string | null;
}): ReactElement {
  const { r, side, line, col, first, sel, act, lang } = props;
  const pickable = act !== null && line !== null;
  return (
    <td
      className={`rd-text rd-${r.type}${sel ? ' rd-sel' : ''}`}
      {...(pickable
        ? { tabIndex: first ? 0 : -1, 'data-side': side, 'data-line': line, 'data-col': col }
        : {})}
    >
      {pickable && (
        <button
          className="rd-plus"
          tabIndex={-1}
          aria-label={`Comment on ${side} line ${line}`}
          onMouseDown={(e) => e.stopPropagation()}
          onClick={() => act.plus(side, line)}
        >
          +
        </button>
      )}
      <span className="rd-sign">{SIGN[r.type]}</span>
      <LineText r={r} lang={lang} />
    </td>
  );
}

function EmptyCells(): ReactElement {
  return (
    <>
      <td className="rd-num rd-empty" />
      <td className="rd-text rd-empty" />
    </>
  );
}

export const DiffRowView = memo(function DiffRowView(props: {
  item: RowItem;
  cols: number;
  /** 'old', 'new', 'old new' or '': which of the row's sides are selected. */
  sel: string;
  first: boolean;
  comments: readonly ReviewComment[] | undefined;
  editor: EditorTarget | null;
  sessionId: string | null;
  act: RowActions | null;
  /** The file's grammar (null: plain text). */
  lang: string | null;
}): ReactElement {
  const { item, cols, sel, first, comments, editor, sessionId, act, lang } = props;
  const selOld = sel.includes('old');
  const selNew = sel.includes('new');
  let line: ReactElement;
  if (item.kind === 'hunk') {
    return (
      <tr className="rd-hunk">
        <td colSpan={cols}>{neutraliseLine(item.header)}</td>
      </tr>
    );
  } else if (item.kind === 'line') {
    const r = item.row;
    const p = unifiedPlace(r);
    line = (
      <tr className={`rd-row rd-${r.type}`}>
        <NumCell n={r.oldNo} side="old" sel={selOld && r.type !== 'insert'} act={act} />
        <NumCell n={r.newNo} side="new" sel={selNew && r.type !== 'delete'} act={act} />
        <TextCell
          r={r}
          side={p?.side ?? 'new'}
          line={p?.line ?? null}
          col="U"
          first={first}
          sel={p?.side === 'old' ? selOld : selNew}
          act={act}
          lang={lang}
        />
      </tr>
    );
  } else {
    const { left, right } = item;
    line = (
      <tr>
        {left ? (
          <>
            <NumCell n={left.oldNo} side="old" sel={selOld} act={act} />
            <TextCell
              r={left}
              side="old"
              line={left.oldNo}
              col="L"
              first={first && !right}
              sel={selOld}
              act={act}
              lang={lang}
            />
          </>
        ) : (
          <EmptyCells />
        )}
        {right ? (
          <>
            <NumCell n={right.newNo} side="new" sel={selNew} act={act} />
            <TextCell
              r={right}
              side="new"
              line={right.newNo}
              col="R"
              first={first}
              sel={selNew}
              act={act}
              lang={lang}
            />
          </>
        ) : (
          <EmptyCells />
        )}
      </tr>
    );
  }
  if (!sessionId || (!comments?.length && !editor)) return line;
  return (
    <>
      {line}
      <tr className="rd-thread">
        <td colSpan={cols}>
          <CommentThread comments={comments} editor={editor} sessionId={sessionId} />
        </td>
      </tr>
    </>
  );
});

export function rowEditor(
  item: RowItem,
  editor: EditorTarget | null,
  list: readonly ReviewComment[] | undefined,
): EditorTarget | null {
  if (!editor || item.kind === 'hunk') return null;
  if (editor.kind === 'edit') return list?.some((c) => c.id === editor.id) ? editor : null;
  const a = editor.anchor;
  if (a.kind !== 'line') return null;
  return item.places.some((p) => p.side === a.side && p.line === a.endLine) ? editor : null;
}

export function selOf(item: RowItem, sel: LineRange | null): string {
  if (!sel || item.kind === 'hunk') return '';
  return item.places
    .filter((p) => inRange(sel, p.side, p.line))
    .map((p) => p.side)
    .join(' ');
}
