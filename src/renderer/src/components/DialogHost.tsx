import { useEffect, useRef, useState } from 'react';
import { tryOpenFolder } from '../actions';
import type { ShownError } from '../stores/errors';
import { useUi } from '../stores/ui';
import { SettingsPanel } from './settings/SettingsPanel';
import '../styles/dialog.css';

/** Renders the one open dialog, modal, closed with Escape or its buttons. */
export function DialogHost() {
  const dialog = useUi((s) => s.dialog);
  const close = useUi((s) => s.closeDialog);
  useEffect(() => {
    if (!dialog) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dialog, close]);
  if (!dialog) return null;
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className={`dialog ${dialog.kind === 'settings' ? 'dialog-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={dialog.kind === 'settings' ? 'Settings' : undefined}
      >
        {dialog.kind === 'open-folder' && <OpenFolderDialog onClose={close} />}
        {dialog.kind === 'settings' && <SettingsPanel folder={dialog.folder} onClose={close} />}
        {dialog.kind === 'error' && (
          <>
            <h2 className="dialog-title">{dialog.error.title}</h2>
            <p>{dialog.error.message}</p>
            {dialog.error.hint && <p className="muted">{dialog.error.hint}</p>}
            <div className="dialog-buttons">
              <button className="button primary" autoFocus onClick={close}>
                OK
              </button>
            </div>
          </>
        )}
        {dialog.kind === 'notice' && (
          <>
            <h2 className="dialog-title">{dialog.title}</h2>
            <p>{dialog.message}</p>
            <div className="dialog-buttons">
              <button className="button primary" autoFocus onClick={close}>
                OK
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}

/** Web mode's "Open folder": a path on the machine that runs claude-run web. */
function OpenFolderDialog({ onClose }: { onClose: () => void }) {
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  // On an error the dialog stays, with what was typed, so the path can be corrected.
  const submit = async () => {
    if (!path.trim()) return;
    setBusy(true);
    setError(null);
    const failed = await tryOpenFolder(path.trim());
    setBusy(false);
    if (!failed) onClose();
    else {
      setError(failed);
      input.current?.focus();
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 className="dialog-title">Open folder</h2>
      <label className="field">
        <span>
          Path of a git repository on the machine running claude-run (~ and paths relative to your
          home work too)
        </span>
        <input
          ref={input}
          className="input mono"
          value={path}
          placeholder="/home/you/projects/my-app"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setPath(e.target.value)}
        />
      </label>
      {error && (
        <div className="dialog-error" role="alert">
          {error.message}
          {error.hint ? <span className="muted"> {error.hint}</span> : null}
        </div>
      )}
      <div className="dialog-buttons">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy || !path.trim()}>
          Open
        </button>
      </div>
    </form>
  );
}
