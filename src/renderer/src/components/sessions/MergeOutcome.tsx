/**
 * What the merge dialog shows after the decision: a merge that went through (what moved, and
 * when the target is checked out, the lag notice with "Update my checkout"), or conflicts
 * (nothing changed, the files, and "Ask the agent to rebase onto <target>").
 */
import { useState } from 'react';
import type {
  MergeResult,
  RequestRebaseResult,
  UpdateCheckoutResult,
} from '../../../../shared/schemas/merge';
import { neutraliseLine } from '../../../../shared/neutralise';
import { api } from '../../api-context';
import { movedText, short } from './merge-text';

export function describeError(e: unknown): string {
  const err = e as { message?: unknown; hint?: unknown };
  const message = typeof err?.message === 'string' ? err.message : 'failed';
  return `${message}${typeof err?.hint === 'string' ? ` — ${err.hint}` : ''}`;
}

export function MergeDone({ result: r }: { result: Extract<MergeResult, { ok: true }> }) {
  const [busy, setBusy] = useState(false);
  const [update, setUpdate] = useState<UpdateCheckoutResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const into = neutraliseLine(r.into);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setUpdate(
        await api().updateCheckout({
          sessionId: r.sessionId,
          branch: r.into,
          from: r.oldTip,
          to: r.newTip,
        }),
      );
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="merge-outcome" data-testid="merge-done">
      <p className="merge-ok" role="status">
        Merged. {movedText(r)}.
      </p>
      <p className="muted">Your checkout, index and uncommitted files were not touched.</p>
      {r.checkoutLags && !update?.updated && (
        <div className="merge-lag" data-testid="merge-lag">
          <p>
            Your work tree now lags <code>{into}</code>: it is checked out, and its files are still
            those of <code>{short(r.oldTip)}</code>.
          </p>
          <button className="button" disabled={busy} onClick={() => void run()}>
            {busy ? 'Updating…' : 'Update my checkout'}
          </button>
        </div>
      )}
      {update?.updated && (
        <p className="merge-ok" role="status">
          Your checkout is now at <code>{short(r.newTip)}</code>.
        </p>
      )}
      {update && !update.updated && (
        <div className="dialog-error" role="alert" data-testid="update-refused">
          Nothing changed: these files have uncommitted changes that the update would touch. Commit
          or stash them, then try again.
          <ul className="merge-files">
            {update.blockedBy.map((f) => (
              <li key={f} className="mono">
                {neutraliseLine(f)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p className="dialog-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function MergeConflicts({
  sessionId,
  into,
  conflicts,
}: {
  sessionId: string;
  into: string;
  conflicts: string[];
}) {
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<RequestRebaseResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const target = neutraliseLine(into);
  const ask = async () => {
    setBusy(true);
    setError(null);
    try {
      setSent(await api().requestRebase({ sessionId, onto: into }));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="merge-outcome merge-conflicts" data-testid="merge-conflicts">
      <p className="merge-bad" role="alert">
        Conflicts with <code>{target}</code>: nothing was changed.
      </p>
      <p className="muted">
        {conflicts.length} file{conflicts.length === 1 ? '' : 's'} changed on both sides:
      </p>
      <ul className="merge-files" aria-label="Conflicting files">
        {conflicts.map((f) => (
          <li key={f} className="mono">
            {neutraliseLine(f)}
          </li>
        ))}
      </ul>
      {sent ? (
        <p className="merge-ok" role="status" data-testid="rebase-sent">
          {sent.delivered
            ? `Sent to the agent: rebase onto ${target}`
            : `Queued: the agent gets the request when it waits for input`}{' '}
          (its commits are at <code>{neutraliseLine(sent.containerRef)}</code>,{' '}
          <code>{short(sent.ontoTip)}</code>). The rebased branch comes back as usual.
        </p>
      ) : (
        <button className="button primary" disabled={busy} onClick={() => void ask()}>
          {busy ? 'Asking…' : `Ask the agent to rebase onto ${target}`}
        </button>
      )}
      {error && (
        <p className="dialog-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
