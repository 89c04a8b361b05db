/** Asks before removing a session: the container goes, the branch in the repository stays. */
import { useEffect, useState } from 'react';
import type { SessionInfo } from '../../../../shared/schemas/session';
import { api } from '../../api-context';
import { useSessions } from '../../stores/sessions';
import { useUi } from '../../stores/ui';
import { sessionTabId } from './navigate';
import { toastError } from './toasts';

export function ConfirmRemove({
  session: s,
  onClose,
}: {
  session: SessionInfo;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const remove = async () => {
    setBusy(true);
    try {
      await api().removeSession({ id: s.id, force: s.status === 'unknown' || s.status === 'gone' });
      useSessions.getState().drop(s.id);
      useUi.getState().closeTab(sessionTabId(s.id));
      onClose();
    } catch (e) {
      toastError(`Cannot remove ${s.name}`, e);
      setBusy(false);
    }
  };
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Remove session">
        <h2 className="dialog-title">Remove session “{s.name}”?</h2>
        <p>
          Its container and everything in it that was not committed are deleted. The branch{' '}
          <code>{s.branch}</code> and its commits stay in your repository.
        </p>
        <p className="muted mono">{s.folder}</p>
        <div className="dialog-buttons">
          <button className="button" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button className="button danger" disabled={busy} onClick={() => void remove()}>
            {busy ? 'Removing…' : 'Remove session'}
          </button>
        </div>
      </div>
    </div>
  );
}
