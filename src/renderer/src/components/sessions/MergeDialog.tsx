/**
 * "Merge into…": the session's branch into a local branch of the user's repository, without
 * touching their checkout. The user picks the target (default: the branch the session started
 * from) and the way (merge commit, squash with an editable message, rebase; a fast-forward is
 * said as such); the preview shows ahead/behind and any conflicts before anything happens, and
 * the merge is refused if the target moved since the preview (expectedIntoTip).
 */
import { useEffect, useRef, useState } from 'react';
import type { MergeMethod, MergePreview, MergeResult } from '../../../../shared/schemas/merge';
import type { SessionInfo } from '../../../../shared/schemas/session';
import { neutralise, neutraliseLine } from '../../../../shared/neutralise';
import { api } from '../../api-context';
import { METHODS, aheadBehindText, mergeBlocked, methodLabel, short } from './merge-text';
import { MergeConflicts, MergeDone, describeError } from './MergeOutcome';
import '../../styles/merge.css';

export function MergeDialog({
  session: s,
  onClose,
}: {
  session: SessionInfo;
  onClose: () => void;
}) {
  const [into, setInto] = useState<string | undefined>(undefined);
  const [method, setMethod] = useState<MergeMethod>('merge');
  const [preview, setPreview] = useState<{ key: string; p: MergePreview } | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  /** null: the prefilled squash message, untouched. */
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<MergeResult | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const key = `${into ?? ''}|${method}|${reload}`;
  // The first preview names the default target: it already is the preview for that target.
  const loadedKey = useRef<string | null>(null);
  useEffect(() => {
    if (loadedKey.current === key) return;
    let live = true;
    setPreviewError(null);
    api()
      .previewMerge({ sessionId: s.id, ...(into ? { into } : {}), method })
      .then(
        (p) => {
          if (!live) return;
          const k = `${p.into}|${method}|${reload}`;
          loadedKey.current = k;
          setPreview({ key: k, p });
          if (!into) setInto(p.into);
        },
        (e: unknown) => live && setPreviewError(describeError(e)),
      );
    return () => {
      live = false;
    };
    // key stands for into, method and reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [s.id, key]);
  // A preview for another target or method is never used for the decision.
  const current = preview?.key === key ? preview.p : null;
  const squashText = message ?? current?.squashMessage ?? '';

  const merge = async () => {
    if (!current) return;
    setBusy(true);
    setError(null);
    try {
      setResult(
        await api().mergeSession({
          sessionId: s.id,
          into: current.into,
          method,
          ...(method === 'squash' && squashText.trim() ? { message: squashText } : {}),
          expectedIntoTip: current.intoTip,
        }),
      );
    } catch (e) {
      setError(describeError(e));
      // The target may have moved: the preview is read again so the next try sees it.
      setReload((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const blocked = current ? mergeBlocked(current) : null;
  const target = into ?? current?.into ?? '';
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog dialog-wide" role="dialog" aria-modal="true" aria-label="Merge into">
        <h2 className="dialog-title">
          Merge <code>{neutraliseLine(s.branch)}</code> into {target ? '' : '…'}
          {target && <code>{neutraliseLine(target)}</code>}
        </h2>
        {result ? (
          result.ok ? (
            <MergeDone result={result} />
          ) : (
            <MergeConflicts sessionId={s.id} into={result.into} conflicts={result.conflicts} />
          )
        ) : (
          <form
            className="merge-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!blocked) void merge();
            }}
          >
            <div className="merge-row">
              <label className="field">
                <span>Into branch</span>
                <select
                  className="input mono"
                  autoFocus
                  value={target}
                  onChange={(e) => {
                    setInto(e.target.value);
                    setMessage(null);
                  }}
                >
                  {(preview?.p.branches ?? (target ? [target] : [])).map((b) => (
                    <option key={b} value={b}>
                      {neutraliseLine(b)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <fieldset className="merge-methods">
              <legend>How</legend>
              {METHODS.map((m) => (
                <label key={m} className="merge-method">
                  <input
                    type="radio"
                    name="merge-method"
                    value={m}
                    checked={method === m}
                    onChange={() => setMethod(m)}
                  />{' '}
                  {methodLabel(m, m !== 'squash' && !!current?.fastForward)}
                </label>
              ))}
            </fieldset>
            {previewError ? (
              <p className="dialog-error" role="alert">
                {previewError}
              </p>
            ) : !current ? (
              <p className="muted">Comparing the branches…</p>
            ) : (
              <>
                <p className="merge-counts" data-testid="merge-counts">
                  {aheadBehindText(current)}
                  <span className="muted">
                    {' '}
                    · {neutraliseLine(current.into)} at <code>{short(current.intoTip)}</code>
                  </span>
                </p>
                {current.checkedOut && (
                  <p className="muted">
                    <code>{neutraliseLine(current.into)}</code> is checked out in your repository.
                    Your files, index and HEAD stay as they are; afterwards you can update your
                    checkout.
                  </p>
                )}
                {method === 'squash' && current.conflicts.length === 0 && (
                  <label className="field">
                    <span>Commit message</span>
                    <textarea
                      className="input mono"
                      rows={7}
                      value={squashText}
                      onChange={(e) => setMessage(e.target.value)}
                    />
                  </label>
                )}
                {current.conflicts.length > 0 && (
                  <MergeConflicts
                    key={`${current.into}|${current.intoTip}`}
                    sessionId={s.id}
                    into={current.into}
                    conflicts={current.conflicts}
                  />
                )}
                {blocked && current.conflicts.length === 0 && <p className="muted">{blocked}</p>}
              </>
            )}
            {error && (
              <p className="dialog-error" role="alert">
                {neutralise(error)}
              </p>
            )}
            <div className="dialog-buttons">
              <button type="button" className="button" onClick={onClose}>
                Cancel
              </button>
              <button
                type="submit"
                className="button primary"
                disabled={
                  busy || !current || !!blocked || (method === 'squash' && !squashText.trim())
                }
              >
                {busy ? 'Merging…' : 'Merge'}
              </button>
            </div>
          </form>
        )}
        {result && (
          <div className="dialog-buttons">
            {/* The form that had focus is gone: Enter or Escape closes from here. */}
            <button className="button primary" autoFocus onClick={onClose}>
              Close
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
