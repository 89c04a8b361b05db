/**
 * The review's comment bar and "Pending review" panel: "Comment on session", the panel's button
 * with the count of drafts, and the panel listing every comment with its anchor (file, side,
 * lines, commit) and text; a click jumps to it in the diff. "Send to agent…" opens the dialog.
 * Comment text is the user's, quotes are repo text: all shown as text nodes.
 */
import { useEffect, useMemo, useState } from 'react';
import type { CommitList } from '../../../../shared/schemas/commits';
import type { ReviewAnchor, ReviewComment } from '../../../../shared/schemas/review';
import { api } from '../../api-context';
import { cancelQueued, useReview, useSessionComments, wireReview } from '../../stores/review';
import { CommentEditor } from '../review/CommentEditor';
import { CommentBadges, Quote } from '../review/CommentThread';
import { anchorLabel, short } from '../review/comment-index';
import { PendingSendDialog } from './PendingSendDialog';
import type { Selection } from './review-target';
import { toastError } from '../../stores/toasts';

const ORDER = { draft: 0, queued: 1, sent: 2 } as const;

export function PendingReviewBar({ sessionId }: { sessionId: string }) {
  const comments = useSessionComments(sessionId);
  const queued = useReview((s) => s.states[sessionId]?.queued ?? null);
  const [open, setOpen] = useState(false);
  const [sending, setSending] = useState(false);
  const drafts = comments.filter((c) => c.state === 'draft').length;

  useEffect(() => {
    // Every change, from this window, another one or the CLI, comes as reviewChanged.
    const off = wireReview(api());
    useReview
      .getState()
      .load(sessionId)
      .catch((e: unknown) => toastError('Cannot read the review comments', e));
    return off;
  }, [sessionId]);

  const editor = useReview((s) => s.editor[sessionId] ?? null);
  const sessionEditor =
    editor?.kind === 'new' && editor.anchor.kind === 'session' ? editor.anchor : null;
  return (
    <div className="cm-bar">
      <button
        className="button"
        onClick={() => {
          setOpen(true);
          useReview.getState().openEditor(sessionId, { kind: 'new', anchor: { kind: 'session' } });
        }}
      >
        Comment on session
      </button>
      <button
        className={`button ${open ? 'on' : ''}`}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        Pending review{' '}
        <span className={`cm-count${drafts ? '' : ' cm-none'}`} aria-label={`${drafts} pending`}>
          {drafts}
        </span>
      </button>
      {queued && (
        <span className="cm-queued-note" role="status">
          Review queued: it goes when the agent waits for input.{' '}
          <button
            className="link"
            onClick={() =>
              cancelQueued(sessionId).catch((e: unknown) => toastError('Cannot cancel', e))
            }
          >
            Cancel
          </button>
        </span>
      )}
      {open && (
        <PendingPanel
          sessionId={sessionId}
          comments={comments}
          sessionEditor={sessionEditor}
          onSend={() => setSending(true)}
          onClose={() => setOpen(false)}
        />
      )}
      {sending && <PendingSendDialog sessionId={sessionId} onClose={() => setSending(false)} />}
    </div>
  );
}

function PendingPanel(props: {
  sessionId: string;
  comments: ReviewComment[];
  sessionEditor: ReviewAnchor | null;
  onSend: () => void;
  onClose: () => void;
}) {
  const { sessionId, comments } = props;
  const sorted = useMemo(
    () => [...comments].sort((a, b) => ORDER[a.state] - ORDER[b.state]),
    [comments],
  );
  const drafts = comments.filter((c) => c.state === 'draft').length;
  return (
    <aside className="cm-panel" aria-label="Pending review" data-testid="pending-panel">
      <header className="cm-panel-head">
        <h3>Pending review</h3>
        <span className="muted">
          {drafts} draft{drafts === 1 ? '' : 's'}
        </span>
        <span className="spacer" />
        <button className="button primary" disabled={drafts === 0} onClick={props.onSend}>
          Send to agent…
        </button>
        <button className="link" aria-label="Close the pending review" onClick={props.onClose}>
          ✕
        </button>
      </header>
      {props.sessionEditor && (
        <div className="cm-panel-editor">
          <CommentEditor sessionId={sessionId} anchor={props.sessionEditor} />
        </div>
      )}
      {sorted.length === 0 && !props.sessionEditor && (
        <p className="muted review-pad">
          No comments yet. Hover a line in a diff and press “+”, or focus a line and press C.
        </p>
      )}
      <ul className="cm-list">
        {sorted.map((c) => (
          <li key={c.id}>
            <PendingItem c={c} />
          </li>
        ))}
      </ul>
    </aside>
  );
}

function PendingItem({ c }: { c: ReviewComment }) {
  const a = c.anchor;
  const jump = () => {
    if (a.kind === 'session') return;
    useReview.getState().requestJump({
      sessionId: c.sessionId,
      commit: a.commit,
      ...(a.kind === 'line' && a.from ? { from: a.from } : {}),
      path: a.path,
      ...(a.kind === 'line' ? { side: a.side, line: a.startLine } : {}),
      commentId: c.id,
    });
  };
  return (
    <div
      className="cm-pending"
      data-testid="pending-comment"
      role={a.kind === 'session' ? undefined : 'button'}
      tabIndex={a.kind === 'session' ? undefined : 0}
      onClick={jump}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target === e.currentTarget) jump();
      }}
    >
      <div className="cm-pending-head">
        <span className="mono cm-anchor">{anchorLabel(a)}</span>
        {a.kind !== 'session' && <code className="muted">{short(a.commit)}</code>}
        <span className="spacer" />
        <CommentBadges c={c} />
      </div>
      <Quote lines={c.quote} />
      <p className="cm-body">{c.body}</p>
    </div>
  );
}

/** Makes a jump's commit (and range) the review's selection, like clicking it in the list. */
export function useJumpSelection(
  sessionId: string,
  list: CommitList | undefined,
  start: string | undefined,
  setSel: (s: Selection) => void,
) {
  const jump = useReview((s) => s.jump);
  useEffect(() => {
    if (!jump || jump.sessionId !== sessionId || !list) return;
    if (jump.commit === null) return setSel({ kind: 'session' });
    if (jump.commit === start) return setSel({ kind: 'start' });
    const to = list.commits.findIndex((c) => c.hash === jump.commit);
    if (to < 0) return;
    let from = to;
    if (jump.from) {
      const older = list.commits.findIndex((c, i) => i >= to && c.parents[0] === jump.from);
      from = older >= 0 ? older : jump.from === list.base ? list.commits.length - 1 : to;
    }
    setSel({ kind: 'commits', from: to, to: from });
    // One selection per jump request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jump?.nonce, sessionId, list === undefined]);
}
