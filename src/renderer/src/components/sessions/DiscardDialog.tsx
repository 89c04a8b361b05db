/**
 * "Discard session": stops and removes the container; the branch is kept unless the user ticks
 * "Also delete the branch". A session whose commits are neither pushed nor merged is refused by
 * the host ('discard-unmerged'): the dialog then asks a second time, naming what goes, and only
 * that explicit answer sends confirmUnmerged. This replaces the old remove question (the
 * sidebar's ✕ opens it). When the discard fails for a session whose engine does not answer,
 * "Remove anyway" drops the record and keeps the branch, as the old remove's force did.
 * "Export the conversation first" copies the transcripts to a host folder before the discard.
 */
import { useEffect, useRef, useState } from 'react';
import type { DiscardSessionResult } from '../../../../shared/schemas/merge';
import type { SessionInfo } from '../../../../shared/schemas/session';
import { hasCode } from '../../../../shared/errors';
import { neutraliseLine } from '../../../../shared/neutralise';
import { api } from '../../api-context';
import { useGitState } from '../../stores/git-state';
import { useSessions } from '../../stores/sessions';
import { useUi } from '../../stores/ui';
import { discardLossText, short } from './merge-text';
import { describeError } from './MergeOutcome';
import {
  defaultExportChoice,
  ExportConversationOption,
  exportBeforeDiscard,
} from './ExportConversationOption';
import { sessionTabId } from './navigate';
import { useToasts } from '../../stores/toasts';
import '../../styles/merge.css';

export function DiscardDialog({
  session: s,
  onClose,
}: {
  session: SessionInfo;
  onClose: () => void;
}) {
  const [deleteBranch, setDeleteBranch] = useState(false);
  const [exportChoice, setExportChoice] = useState(() => defaultExportChoice(s));
  const exported = useRef(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The host said the commits exist nowhere else: the second question. */
  const [unmerged, setUnmerged] = useState<string | null>(null);
  const git = useGitState((st) => st.byId[s.id]);
  // The second question starts on Cancel: a held Enter must not answer it.
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  useEffect(() => {
    if (unmerged !== null) cancel.current?.focus();
  }, [unmerged]);

  const done = (r: DiscardSessionResult) => {
    useSessions.getState().drop(s.id);
    useGitState.getState().forget(s.id);
    useUi.getState().closeTab(sessionTabId(s.id));
    useToasts.getState().show(
      {
        tone: 'ok',
        key: `discard:${s.id}`,
        text: r.branchDeleted
          ? `Discarded ${neutraliseLine(s.name)}; deleted ${neutraliseLine(r.branch)}${r.tip ? ` (its tip was ${short(r.tip)})` : ''}`
          : `Discarded ${neutraliseLine(s.name)}; ${neutraliseLine(r.branch)} stays in your repository`,
      },
      15_000,
    );
    onClose();
  };
  const discard = async (confirmUnmerged: boolean) => {
    setBusy(true);
    setError(null);
    try {
      // Once per dialog: the second question does not export again.
      const notExported = exported.current ? null : await exportBeforeDiscard(s, exportChoice);
      if (notExported !== null) {
        setError(notExported);
        setBusy(false);
        return;
      }
      exported.current = true;
      done(await api().discardSession({ id: s.id, deleteBranch, confirmUnmerged }));
    } catch (e) {
      if (hasCode(e, 'discard-unmerged') && !confirmUnmerged)
        setUnmerged(String((e as { message?: unknown }).message ?? 'the commits are not saved'));
      else setError(describeError(e));
      setBusy(false);
    }
  };
  // The engine does not answer: the container cannot be removed cleanly, but the record can go
  // (what the old remove did with force), keeping the branch.
  const forget = async () => {
    setBusy(true);
    try {
      await api().removeSession({ id: s.id, force: true });
      done({ id: s.id, branch: s.branch, branchDeleted: false, tip: null });
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };
  const unreachable = !!error && (s.status === 'unknown' || s.status === 'gone');
  const branch = neutraliseLine(s.branch);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Discard session">
        <h2 className="dialog-title">Discard session “{neutraliseLine(s.name)}”?</h2>
        {unmerged === null ? (
          <>
            <p>
              Its container is stopped and removed, with everything in it that was not committed.
            </p>
            <label className="check discard-check">
              <input
                type="checkbox"
                checked={deleteBranch}
                onChange={(e) => setDeleteBranch(e.target.checked)}
              />{' '}
              Also delete the branch <code>{branch}</code>
            </label>
            <p className="muted">
              {deleteBranch ? (
                <>
                  The branch <code>{branch}</code> is deleted from your repository.
                </>
              ) : (
                <>
                  The branch <code>{branch}</code> and its commits stay in your repository.
                </>
              )}
            </p>
            <ExportConversationOption
              value={exportChoice}
              onChange={setExportChoice}
              disabled={busy}
            />
          </>
        ) : (
          <div className="discard-second" role="alert" data-testid="discard-unmerged">
            <p className="merge-bad">{neutraliseLine(unmerged)}.</p>
            <p>{discardLossText(deleteBranch, git?.tip)} Discard anyway?</p>
          </div>
        )}
        <p className="muted mono">{neutraliseLine(s.folder)}</p>
        {error && (
          <p className="dialog-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button ref={cancel} className="button" onClick={onClose} autoFocus>
            Cancel
          </button>
          {unreachable && (
            <button className="button danger" disabled={busy} onClick={() => void forget()}>
              Remove anyway (keep the branch)
            </button>
          )}
          {unmerged === null ? (
            <button
              key="first"
              className="button danger"
              disabled={busy}
              onClick={() => void discard(false)}
            >
              {busy ? 'Discarding…' : 'Discard session'}
            </button>
          ) : (
            <button
              key="second"
              className="button danger"
              disabled={busy}
              onClick={() => void discard(true)}
            >
              {busy
                ? 'Discarding…'
                : deleteBranch
                  ? 'Discard and delete the unmerged commits'
                  : 'Discard, keep only the branch'}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
