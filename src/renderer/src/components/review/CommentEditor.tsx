/**
 * The inline comment editor: a textarea with Save draft / Cancel. Ctrl/Cmd+Enter saves,
 * Escape cancels. The text is the user's own; it is stored as typed and shown as text.
 */
import { useRef, useState } from 'react';
import type { ReviewAnchor } from '../../../../shared/schemas/review';
import { addComment, updateComment, useReview } from '../../stores/review';
import { anchorLabel } from './comment-index';

export function CommentEditor(props: {
  sessionId: string;
  /** A new comment on this anchor (the editor target's own object), or an existing draft. */
  anchor?: ReviewAnchor;
  edit?: { id: string; body: string };
  onDone?: () => void;
}) {
  const { sessionId, anchor, edit } = props;
  const [body, setBody] = useState(edit?.body ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Only this editor: a save that ends after the user opened another one leaves that one open.
  const root = useRef<HTMLDivElement>(null);
  const close = () => {
    // Keyboard users continue from the line they commented on.
    const back =
      anchor?.kind === 'line'
        ? root.current
            ?.closest('table')
            ?.querySelector<HTMLElement>(
              `td[data-side="${anchor.side}"][data-line="${anchor.endLine}"]`,
            )
        : null;
    const cur = useReview.getState().editor[sessionId];
    const mine = edit
      ? cur?.kind === 'edit' && cur.id === edit.id
      : cur?.kind === 'new' && cur.anchor === anchor;
    if (mine) useReview.getState().openEditor(sessionId, null);
    if (back) requestAnimationFrame(() => back.focus());
    props.onDone?.();
  };
  const save = async () => {
    if (!body.trim()) {
      setError('Write a comment first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (edit) await updateComment(sessionId, edit.id, body);
      else if (anchor) await addComment(sessionId, anchor, body);
      close();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const label = edit ? 'Edit comment' : anchor ? `Comment on ${anchorLabel(anchor)}` : 'Comment';
  return (
    <div
      ref={root}
      className="cm-editor"
      data-testid="comment-editor"
      onKeyDown={(e) => {
        // The diff's own keys (arrows, c) must not act while typing.
        e.stopPropagation();
        if (e.key === 'Escape') {
          e.preventDefault();
          close();
        } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <textarea
        className="input cm-textarea"
        aria-label={label}
        placeholder="Leave a comment for the agent (Ctrl+Enter saves, Escape cancels)"
        autoFocus
        rows={3}
        value={body}
        disabled={busy}
        onChange={(e) => setBody(e.target.value)}
      />
      {error && (
        <p className="dialog-error" role="alert">
          {error}
        </p>
      )}
      <div className="cm-buttons">
        <span className="muted cm-where">{label}</span>
        <button className="button" type="button" onClick={close} disabled={busy}>
          Cancel
        </button>
        <button
          className="button primary"
          type="button"
          onClick={() => void save()}
          disabled={busy}
        >
          {edit ? 'Save' : 'Save draft'}
        </button>
      </div>
    </div>
  );
}
