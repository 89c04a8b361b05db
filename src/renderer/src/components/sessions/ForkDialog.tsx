/**
 * "Fork session": a new session (own container and branch) at this session's branch tip as
 * the host imported it; with "Copy the conversation" the new agent continues this one's
 * conversation (its transcripts are copied in before it starts). The new session opens in a tab.
 */
import { useEffect, useState } from 'react';
import type { SessionInfo } from '../../../../shared/schemas/session';
import { hasCode } from '../../../../shared/errors';
import { neutraliseLine } from '../../../../shared/neutralise';
import { api } from '../../api-context';
import { describeError } from './MergeOutcome';
import { openSession } from './navigate';
import '../../styles/resume.css';

export function ForkDialog({ session: s, onClose }: { session: SessionInfo; onClose: () => void }) {
  const [conversation, setConversation] = useState(true);
  const [name, setName] = useState('');
  const [prompt, setPrompt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The repository's config file waits for trust: the fork can start without its settings. */
  const [untrusted, setUntrusted] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && !busy && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, busy]);

  const fork = async (ignoreProjectConfig = false) => {
    setBusy(true);
    setError(null);
    try {
      const created = await api().forkSession({
        id: s.id,
        ...(ignoreProjectConfig ? { projectConfig: 'ignore' as const } : {}),
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(prompt.trim() ? { prompt } : {}),
        ...(conversation ? { copyConversation: true } : {}),
      });
      openSession(created);
      onClose();
    } catch (e) {
      setUntrusted(hasCode(e, 'config-untrusted'));
      setError(describeError(e));
      setBusy(false);
    }
  };

  return (
    <div
      className="dialog-backdrop"
      onMouseDown={(e) => e.target === e.currentTarget && !busy && onClose()}
    >
      <form
        className="dialog fork-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Fork session"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void fork();
        }}
      >
        <h2 className="dialog-title">Fork session “{neutraliseLine(s.name)}”</h2>
        <p>
          A new session with its own container and branch, starting at the tip of{' '}
          <code>{neutraliseLine(s.branch)}</code> (the commits imported so far).
        </p>
        <label className="check">
          <input
            type="checkbox"
            checked={conversation}
            disabled={busy}
            onChange={(e) => setConversation(e.target.checked)}
          />{' '}
          Copy the conversation (the new agent continues it)
        </label>
        <label className="field">
          <span>Branch name (optional, default claude/&lt;date-time&gt;)</span>
          <input
            className="input mono"
            value={name}
            spellCheck={false}
            autoComplete="off"
            disabled={busy}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Prompt for the new agent (optional)</span>
          <textarea
            className="input"
            rows={2}
            value={prompt}
            disabled={busy}
            onChange={(e) => setPrompt(e.target.value)}
          />
        </label>
        {error && (
          <p className="dialog-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" className="button" onClick={onClose} disabled={busy} autoFocus>
            Cancel
          </button>
          {untrusted && (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void fork(true)}
            >
              Fork without the project file&apos;s settings
            </button>
          )}
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Forking…' : 'Fork session'}
          </button>
        </div>
      </form>
    </div>
  );
}
