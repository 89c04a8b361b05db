/**
 * "Send to agent": the message the pending comments make (composeReview), in a textarea the
 * user can edit, a note when control characters were removed from quoted code, and when to
 * deliver it (when the agent waits for input, the default, or now). After sending: delivered,
 * or queued with a Cancel.
 */
import { useEffect, useState } from 'react';
import type { ComposedReview, SendReviewResult } from '../../../../shared/schemas/review';
import { api } from '../../api-context';
import { cancelQueued, useReview } from '../../stores/review';

type When = 'when-waiting' | 'now';

export function PendingSendDialog({
  sessionId,
  onClose,
}: {
  sessionId: string;
  onClose: () => void;
}) {
  const [composed, setComposed] = useState<ComposedReview | null>(null);
  const [text, setText] = useState('');
  const [when, setWhen] = useState<When>('when-waiting');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<SendReviewResult | null>(null);
  const queued = useReview((s) => s.states[sessionId]?.queued ?? null);

  useEffect(() => {
    let live = true;
    api()
      .composeReview({ sessionId })
      .then(
        (c) => {
          if (!live) return;
          setComposed(c);
          setText(c.text);
        },
        (e: unknown) => live && setError((e as Error).message),
      );
    return () => {
      live = false;
    };
  }, [sessionId]);

  const send = async () => {
    if (!composed) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await api().sendReview({ sessionId, text, commentIds: composed.commentIds, when }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const cancel = async () => {
    setBusy(true);
    try {
      await cancelQueued(sessionId);
      onClose();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="dialog dialog-wide cm-send"
        role="dialog"
        aria-modal="true"
        aria-label="Send review to agent"
        onKeyDown={(e) => e.key === 'Escape' && !busy && onClose()}
      >
        <h2 className="dialog-title">Send review to agent</h2>
        {result ? (
          <>
            {result.delivered ? (
              <p role="status">
                Sent to the agent (
                {result.via === 'paste' ? 'pasted into its terminal' : 'by the feedback command'}).
              </p>
            ) : (
              <p role="status">
                Queued: the message goes to the agent when it waits for input
                {queued ? '' : ' (already delivered or cancelled)'}.
              </p>
            )}
            {error && (
              <p className="dialog-error" role="alert">
                {error}
              </p>
            )}
            <div className="dialog-buttons">
              {!result.delivered && queued && (
                <button className="button" onClick={() => void cancel()} disabled={busy}>
                  Cancel sending
                </button>
              )}
              <button className="button primary" onClick={onClose}>
                Close
              </button>
            </div>
          </>
        ) : (
          <>
            {!composed && !error && <p className="muted">Composing the message…</p>}
            {composed && (
              <>
                <p className="muted">
                  {composed.commentIds.length} comment{composed.commentIds.length === 1 ? '' : 's'}.
                  This exact text is pasted into the agent&apos;s terminal as one prompt; edit it as
                  you like.
                </p>
                {composed.neutralised && (
                  <p className="cm-note" role="note">
                    Control characters in the quoted code were removed or made visible, so they
                    cannot act on the agent&apos;s terminal.
                  </p>
                )}
                <textarea
                  className="input mono cm-send-text"
                  aria-label="Message to the agent"
                  value={text}
                  rows={14}
                  onChange={(e) => setText(e.target.value)}
                />
                <fieldset className="cm-when">
                  <label className="check">
                    <input
                      type="radio"
                      name="when"
                      checked={when === 'when-waiting'}
                      onChange={() => setWhen('when-waiting')}
                    />
                    Send when the agent waits for input
                  </label>
                  <label className="check">
                    <input
                      type="radio"
                      name="when"
                      checked={when === 'now'}
                      onChange={() => setWhen('now')}
                    />
                    Send now
                  </label>
                </fieldset>
              </>
            )}
            {error && (
              <p className="dialog-error" role="alert">
                {error}
              </p>
            )}
            <div className="dialog-buttons">
              <button className="button" onClick={onClose} disabled={busy}>
                Cancel
              </button>
              <button
                className="button primary"
                onClick={() => void send()}
                disabled={busy || !composed || !text.trim()}
              >
                Send
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
