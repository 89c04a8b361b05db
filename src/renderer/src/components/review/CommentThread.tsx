/**
 * Comments drawn under their lines (or a file's header): state badges (draft / queued / sent),
 * "changed since <hash>" linking to the commit that changed the lines, "outdated", and Edit /
 * Delete for drafts. The body is the user's text and the quote is repo text: both are text
 * nodes, never markup.
 */
import { memo, useState } from 'react';
import type { ReviewComment } from '../../../../shared/schemas/review';
import { neutraliseLine } from '../../../../shared/neutralise';
import { deleteComment, type EditorTarget, useReview } from '../../stores/review';
import { CommentEditor } from './CommentEditor';
import { short } from './comment-index';

export function CommentBadges({ c }: { c: ReviewComment }) {
  const a = c.anchor;
  return (
    <>
      <span className={`cm-badge cm-${c.state}`}>{c.state}</span>
      {c.changedIn && (
        <button
          className="link cm-changed"
          title="A later commit changed these lines: show its diff"
          onClick={(e) => {
            e.stopPropagation();
            useReview.getState().requestJump({
              sessionId: c.sessionId,
              commit: c.changedIn!,
              ...(a.kind !== 'session' ? { path: a.path } : {}),
              ...(a.kind === 'line' ? { side: 'new' as const, line: a.startLine } : {}),
            });
          }}
        >
          changed since {short(c.changedIn)}
        </button>
      )}
      {c.outdated && (
        <span className="cm-badge cm-outdated" title="The lines are gone at the branch tip">
          outdated
        </span>
      )}
    </>
  );
}

function CommentItem({ c, editing }: { c: ReviewComment; editing: boolean }) {
  const [error, setError] = useState<string | null>(null);
  if (editing) return <CommentEditor sessionId={c.sessionId} edit={{ id: c.id, body: c.body }} />;
  return (
    <article className="cm-item" data-testid="comment" data-comment-id={c.id}>
      <header className="cm-head">
        <CommentBadges c={c} />
        <span className="spacer" />
        {c.state === 'draft' && (
          <>
            <button
              className="link"
              onClick={() =>
                useReview.getState().openEditor(c.sessionId, { kind: 'edit', id: c.id })
              }
            >
              Edit
            </button>
            <button
              className="link"
              onClick={() =>
                deleteComment(c.sessionId, c.id).catch((e: unknown) =>
                  setError((e as Error).message),
                )
              }
            >
              Delete
            </button>
          </>
        )}
      </header>
      <p className="cm-body">{c.body}</p>
      {error && (
        <p className="dialog-error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}

/** The comments under one line (or file), and the editor when it is open here. */
export const CommentThread = memo(function CommentThread(props: {
  comments: readonly ReviewComment[] | undefined;
  editor: EditorTarget | null;
  sessionId: string;
}) {
  const { comments, editor, sessionId } = props;
  const editing = editor?.kind === 'edit' ? editor.id : null;
  return (
    <div className="cm-thread">
      {comments?.map((c) => (
        <CommentItem key={c.id} c={c} editing={editing === c.id} />
      ))}
      {editor?.kind === 'new' && <CommentEditor sessionId={sessionId} anchor={editor.anchor} />}
    </div>
  );
});

/** The quoted lines of a comment (repo text, one line each, controls made visible). */
export function Quote({ lines }: { lines: readonly string[] }) {
  if (lines.length === 0) return null;
  return <pre className="cm-quote mono">{lines.map((l) => neutraliseLine(l)).join('\n')}</pre>;
}
