/**
 * Push the session branch, or push and open a pull request: the dialog is pre-filled from the
 * host's draft (title, body, base = the default branch), all editable, with a draft checkbox,
 * and shows the PR's URL when done. A rewritten branch needs the user's explicit confirmation.
 */
import { useEffect, useState } from 'react';
import { hasCode } from '../../../../shared/errors';
import type { PrDraft, PrResult, PushResult } from '../../../../shared/schemas/forge';
import type { SessionInfo } from '../../../../shared/schemas/session';
import { openLink } from '../../actions';
import { api } from '../../api-context';
import { useCommits } from '../../stores/commits';
import { useConnection } from '../../stores/connection';
import { MergeDialog } from './MergeDialog';
import { toastError, useToasts } from '../../stores/toasts';

export function PushBar({ session: s, commits }: { session: SessionInfo; commits: number }) {
  const [busy, setBusy] = useState(false);
  const [prOpen, setPrOpen] = useState(false);
  const [mergeOpen, setMergeOpen] = useState(false);
  const rewrite = useCommits((st) => st.rewrites[s.id]);
  const pushed = (r: PushResult) =>
    useToasts.getState().show({
      tone: 'ok',
      key: `push:${s.id}`,
      text: r.upToDate
        ? `${r.remote} already has ${r.branch}`
        : `Pushed ${r.branch} to ${r.remote}${r.forced ? ' (rewritten history)' : ''}`,
    });
  const push = async () => {
    setBusy(true);
    try {
      pushed(await api().pushBranch({ sessionId: s.id }));
    } catch (e) {
      if (hasCode(e, 'push-needs-confirmation')) {
        if (
          window.confirm(`${s.branch} was rewritten. Replace the remote branch (force-with-lease)?`)
        ) {
          await api()
            .pushBranch({ sessionId: s.id, confirmRewrite: true })
            // The confirmed push says what it did too (it used to end in silence).
            .then(pushed, (e2: unknown) => toastError('Push failed', e2));
        }
      } else toastError('Push failed', e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="review-bar">
      <span className="review-branch">
        <code>{s.branch}</code>
        <span className="muted">
          {' '}
          · {commits} commit{commits === 1 ? '' : 's'}
        </span>
      </span>
      <span className="spacer" />
      <button
        className="button"
        disabled={commits === 0 || !!rewrite}
        onClick={() => setMergeOpen(true)}
      >
        Merge into…
      </button>
      <button
        className="button"
        disabled={busy || commits === 0 || !!rewrite}
        onClick={() => void push()}
      >
        {busy ? 'Pushing…' : 'Push'}
      </button>
      <button
        className="button primary"
        disabled={commits === 0 || !!rewrite}
        onClick={() => setPrOpen(true)}
      >
        Push &amp; create PR…
      </button>
      {prOpen && <PrDialog session={s} onClose={() => setPrOpen(false)} />}
      {mergeOpen && <MergeDialog session={s} onClose={() => setMergeOpen(false)} />}
    </div>
  );
}

function PrDialog({ session: s, onClose }: { session: SessionInfo; onClose: () => void }) {
  const [draft, setDraft] = useState<PrDraft | null>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [base, setBase] = useState('');
  const [isDraft, setIsDraft] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<PrResult | null>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  useEffect(() => {
    api()
      .getPullRequestDraft({ sessionId: s.id })
      .then(
        (d) => {
          setDraft(d);
          setTitle(d.title);
          setBody(d.body);
          setBase(d.base);
        },
        (e: unknown) => setError(describe(e)),
      );
  }, [s.id]);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(
        await api().createPullRequest({
          sessionId: s.id,
          title,
          body,
          base: base.trim() || undefined,
          draft: isDraft,
          push: true,
        }),
      );
    } catch (e) {
      setError(describe(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="dialog dialog-wide"
        role="dialog"
        aria-modal="true"
        aria-label="Create pull request"
      >
        <h2 className="dialog-title">Push &amp; create pull request</h2>
        {draft && (
          <p className="muted">
            {draft.forge === 'github' ? 'GitHub' : 'GitLab'} · {draft.host}/{draft.project} ·{' '}
            <code>{draft.head}</code>
          </p>
        )}
        {draft?.existingUrl && !result && (
          <p>
            A pull request for this branch is already open: <ExternalLink url={draft.existingUrl} />
          </p>
        )}
        {!draft && !result ? (
          <>
            {error ? (
              <p className="dialog-error" role="alert">
                {error}
              </p>
            ) : (
              <p className="muted">Reading the remote and the commits…</p>
            )}
            <div className="dialog-buttons">
              <button className="button" onClick={onClose}>
                Close
              </button>
            </div>
          </>
        ) : result ? (
          <p>
            Pull request {result.created ? 'created' : 'already existed'}:{' '}
            <ExternalLink url={result.url} />
          </p>
        ) : (
          <form
            className="pr-form"
            onSubmit={(e) => {
              e.preventDefault();
              void create();
            }}
          >
            <label className="field">
              <span>Title</span>
              <input className="input" value={title} onChange={(e) => setTitle(e.target.value)} />
            </label>
            <label className="field">
              <span>Description</span>
              <textarea
                className="input"
                rows={8}
                value={body}
                onChange={(e) => setBody(e.target.value)}
              />
            </label>
            <div className="pr-row">
              <label className="field">
                <span>Base branch</span>
                <input
                  className="input mono"
                  value={base}
                  onChange={(e) => setBase(e.target.value)}
                />
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={isDraft}
                  onChange={(e) => setIsDraft(e.target.checked)}
                />{' '}
                Draft
              </label>
            </div>
            {error && (
              <p className="dialog-error" role="alert">
                {error}
              </p>
            )}
            <div className="dialog-buttons">
              <button type="button" className="button" onClick={onClose}>
                Cancel
              </button>
              <button
                type="submit"
                className="button primary"
                disabled={busy || !title.trim() || !draft}
              >
                {busy ? 'Pushing…' : 'Push & create PR'}
              </button>
            </div>
          </form>
        )}
        {result && (
          <div className="dialog-buttons">
            <button className="button primary" onClick={onClose}>
              Close
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

function describe(e: unknown): string {
  const err = e as { message?: string; hint?: string };
  return `${err.message ?? 'failed'}${err.hint ? ` — ${err.hint}` : ''}`;
}

/**
 * A PR link, shown as text. Electron: opened by the host (https only, checked there). Web mode:
 * the browser opens it itself, and only https URLs become links.
 */
function ExternalLink({ url }: { url: string }) {
  const mode = useConnection((st) => st.mode);
  // The same rule as openLink: https, and no user-info trick in the host part.
  const safe = /^https:\/\/[^/\\@\s]+(\/|$)/i.test(url);
  if (mode === 'web') {
    return safe ? (
      <a className="link mono" href={url} target="_blank" rel="noopener noreferrer">
        {url}
      </a>
    ) : (
      <span className="mono">{url}</span>
    );
  }
  return (
    <button className="link mono" onClick={() => void openLink(url)}>
      {url}
    </button>
  );
}
