/**
 * A session's tab: a header (name, branch, status, actions) and below it either the session's
 * terminals (the agent's TTY plus any shells, one sub-tab each, "+" for more) or its review.
 * Terminal views detach when hidden; showing one again re-attaches and gets the serialized
 * screen from the main process, so nothing is lost while the user looks elsewhere. While the
 * session starts, the start's phase and setup output show instead (from any window's start).
 * The header's Network button shows the session's Network panel beside them (components/network).
 */
import { useEffect, useState } from 'react';
import type { SessionInfo } from '../../../../shared/schemas/session';
import type { TerminalKind } from '../../../../shared/schemas/terminal';
import { api } from '../../api-context';
import { withShortcut } from '../../shortcuts';
import { useCommits } from '../../stores/commits';
import { useConnection } from '../../stores/connection';
import { useNetwork } from '../../stores/network';
import { STATUS_LABEL, shownStatus, useSessions } from '../../stores/sessions';
import { useStartProgress } from '../../stores/start-progress';
import { activeTerminal, useTerminals } from '../../stores/terminals';
import type { Tab } from '../../stores/ui';
import { McpSessionNote } from '../mcp/McpSessionNote';
import { NetworkPanel } from '../network/NetworkPanel';
import { NetworkToggle } from '../network/NetworkToggle';
import { TerminalView } from '../terminal';
import { SessionUsageFigure } from '../usage/SessionUsageFigure';
import { ReviewSlot } from './ReviewSlot';
import { RestartChoices, SessionHeaderActions } from './SessionResumeActions';
import { StartLog, StartProgressBar } from './StartProgress';
import { StatusDot } from './StatusDot';
import { toastError } from '../../stores/toasts';
import { useSessionViews } from '../../stores/session-views';
import { neutraliseLine } from '../../../../shared/neutralise';

/** What a session that does not run says in its panel, with the way on. */
const IDLE_TEXT: Partial<Record<SessionInfo['status'], string>> = {
  starting: 'The session is starting…',
  stopped: 'The session is stopped. Restart it to go on: the agent continues its conversation.',
  failed:
    'The session did not start (the error is above): fix the cause and restart it, or discard it.',
  gone: 'The session’s container no longer exists. Its branch is kept: start a new session, or discard this one.',
  unknown: 'The engine cannot be reached, so the session’s state is unknown.',
};

export function SessionPanel({ tab }: { tab: Tab }) {
  const s = useSessions((st) => st.sessions[tab.subject]);
  if (!s)
    return (
      <div className="folder-panel">
        <p className="muted">This session was removed. Its branch is still in the repository.</p>
      </div>
    );
  return <SessionBody key={s.id} session={s} />;
}

function SessionBody({ session: s }: { session: SessionInfo }) {
  const attention = useSessions((st) => st.attention[s.id]);
  // A primitive: a fresh fallback object per call would make zustand re-render forever.
  const viewKind = useSessionViews((st) => st.views[s.id]?.kind ?? 'terminal');
  const unseen = useCommits((st) => st.unseen[s.id] ?? 0);
  const status = shownStatus(s, attention);
  const showView = useSessionViews((st) => st.show);
  const mode = useConnection((st) => st.mode);
  const networkShown = useNetwork((st) => st.open[s.id] ?? false);

  return (
    <div className="session-panel">
      <header className="session-header">
        <StatusDot status={status} />
        <span className="session-header-name" title={neutraliseLine(s.name)}>
          {neutraliseLine(s.name)}
        </span>
        <span className="mono muted session-header-branch" title={neutraliseLine(s.branch)}>
          {neutraliseLine(s.branch)}
        </span>
        <span className={`status-label status-text-${status}`} data-testid="session-status">
          {STATUS_LABEL[status]}
        </span>
        <SessionUsageFigure sessionId={s.id} />
        <span className="spacer" />
        <SessionHeaderActions session={s} />
        <NetworkToggle sessionId={s.id} />
        <div className="segmented" role="tablist" aria-label="Session view">
          <button
            role="tab"
            aria-selected={viewKind === 'terminal'}
            className={viewKind === 'terminal' ? 'on' : ''}
            onClick={() => showView(s.id, { kind: 'terminal' })}
          >
            Terminals
          </button>
          <button
            role="tab"
            aria-selected={viewKind === 'review'}
            title={withShortcut('Review changes', 'reviewChanges', mode)}
            className={viewKind === 'review' ? 'on' : ''}
            onClick={() => showView(s.id, { kind: 'review' })}
          >
            Review changes
            {unseen > 0 && <span className="badge">{unseen}</span>}
          </button>
        </div>
      </header>
      {s.error && (
        <div className="session-error" role="alert">
          {s.error.message}
          {s.error.hint ? <span className="muted"> — {s.error.hint}</span> : null}
        </div>
      )}
      <McpSessionNote session={s} />
      <div className="session-main-row">
        <div className="session-content">
          {viewKind === 'review' ? <ReviewSlot session={s} /> : <Terminals session={s} />}
        </div>
        {networkShown && <NetworkPanel session={s} />}
      </div>
    </div>
  );
}

function Terminals({ session: s }: { session: SessionInfo }) {
  const terminals = useTerminals((st) => st.bySession[s.id]);
  const chosen = useTerminals((st) => st.active[s.id]);
  const { load, open, close, activate } = useTerminals.getState();
  const [menu, setMenu] = useState(false);
  const mode = useConnection((st) => st.mode);
  const running = s.status === 'running';
  useEffect(() => {
    if (running) void load(s.id).catch((e: unknown) => toastError('Cannot list terminals', e));
  }, [s.id, running, load]);
  const current = activeTerminal(terminals, chosen);

  const openKind = async (kind: TerminalKind) => {
    setMenu(false);
    await open(s.id, kind).catch((e: unknown) => toastError('Cannot open a terminal', e));
  };

  if (!running) {
    return (
      <div className="session-idle">
        <p>
          {IDLE_TEXT[s.status] ??
            `The session is ${STATUS_LABEL[shownStatus(s, undefined)].toLowerCase()}.`}
        </p>
        {s.status === 'starting' && <Starting sessionId={s.id} />}
        {(s.status === 'stopped' || s.status === 'failed') && <RestartChoices session={s} />}
      </div>
    );
  }

  return (
    <div className="terminals">
      <div className="subtabs" role="tablist" aria-label="Terminals">
        {(terminals ?? []).map((t) => (
          <div
            key={t.id}
            className={`subtab ${t.id === current?.id ? 'subtab-active' : ''} ${t.status === 'exited' ? 'subtab-exited' : ''}`}
            role="tab"
            aria-selected={t.id === current?.id}
          >
            <button className="subtab-label" onClick={() => activate(s.id, t.id)}>
              {t.role === 'agent' ? 'Agent' : t.title}
              {t.status === 'exited' ? ` (exited ${t.exitCode ?? ''})` : ''}
            </button>
            {t.role !== 'agent' && (
              <button
                className="subtab-close"
                aria-label={`Close ${t.title}`}
                onClick={() =>
                  void close(t.id).catch((e: unknown) => toastError('Cannot close the terminal', e))
                }
              >
                ×
              </button>
            )}
          </div>
        ))}
        <div className="subtab-add">
          <button
            className="icon-button"
            aria-label="New terminal"
            title={withShortcut('New terminal in the container', 'newTerminal', mode)}
            aria-haspopup="menu"
            aria-expanded={menu}
            onClick={() => setMenu(!menu)}
          >
            +
          </button>
          {menu && (
            <div className="menu" role="menu">
              <button role="menuitem" onClick={() => void openKind('container')}>
                Shell in the container
              </button>
              <button role="menuitem" onClick={() => void openKind('host')}>
                Shell on this machine (in the folder)
              </button>
            </div>
          )}
        </div>
      </div>
      <div className="terminal-area">
        {current ? (
          <TerminalView
            key={current.id}
            terminalId={current.id}
            api={api()}
            {...(current.scrollback ? { history: current.scrollback } : {})}
            onError={(e) => toastError('Terminal', e)}
          />
        ) : (
          <p className="muted session-idle">No terminal yet: the agent is being launched…</p>
        )}
      </div>
    </div>
  );
}

/** The start's progress and setup output, whichever window (or client) asked for it. */
function Starting({ sessionId }: { sessionId: string }) {
  const seen = useStartProgress((st) => st.byId[sessionId]);
  return (
    <section className="start-progress session-start" aria-label="Session start">
      <StartProgressBar
        progress={seen?.progress ?? null}
        {...(seen ? { fraction: seen.fraction } : {})}
      />
      <StartLog log={seen?.log ?? ''} />
    </section>
  );
}
