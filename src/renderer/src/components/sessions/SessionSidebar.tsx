/**
 * The sidebar's sessions, grouped by folder: name, branch, live status (while starting, the
 * start's phase), new-commit count, its git badges (ahead/behind, merged, pushed, PR), and the
 * actions stop / restart / discard (asks first; keeping the branch is the default), and a "⋯"
 * menu with Restart fresh and Fork session.
 */
import { useState } from 'react';
import type { SessionInfo } from '../../../../shared/schemas/session';
import { baseName } from '../../actions';
import { api } from '../../api-context';
import { useCommits } from '../../stores/commits';
import { STATUS_LABEL, shownStatus, useSessions } from '../../stores/sessions';
import { useStartProgress } from '../../stores/start-progress';
import { useUi } from '../../stores/ui';
import { DiscardDialog } from './DiscardDialog';
import { openSession, sessionTabId } from './navigate';
import { SessionGitBadges } from './SessionGitBadges';
import { SessionRowMore } from './SessionResumeActions';
import { phaseText } from './start-phases';
import { StatusDot } from './StatusDot';
import { toastError } from '../../stores/toasts';
import { SessionUsageRow } from '../usage/SessionUsageRow';
import { neutraliseLine } from '../../../../shared/neutralise';
import { useSessionFilter } from '../../stores/session-filter';
import { FILTER_FROM, filterSessions, statusCounts } from './session-filter';
import { SessionFilterBar } from './SessionFilterBar';

function groupByFolder(sessions: SessionInfo[]): [string, SessionInfo[]][] {
  const groups = new Map<string, SessionInfo[]>();
  for (const s of [...sessions].sort((a, b) => b.createdAt.localeCompare(a.createdAt)))
    groups.set(s.folder, [...(groups.get(s.folder) ?? []), s]);
  return [...groups.entries()].sort(([a], [b]) => baseName(a).localeCompare(baseName(b)));
}

export function SessionSidebar() {
  const sessions = useSessions((s) => s.sessions);
  const loaded = useSessions((s) => s.loaded);
  const attention = useSessions((s) => s.attention);
  const query = useSessionFilter((s) => s.query);
  const status = useSessionFilter((s) => s.status);
  const [removing, setRemoving] = useState<SessionInfo | null>(null);
  const all = Object.values(sessions);
  if (all.length === 0)
    return (
      <p className="sidebar-empty">
        {loaded ? 'No sessions yet. Open a folder to start one.' : 'Loading sessions…'}
      </p>
    );
  const shown = all.map((s) => ({ session: s, status: shownStatus(s, attention[s.id]) }));
  const filtering = query.trim() !== '' || status !== null;
  const list = filtering ? filterSessions(shown, query, status) : all;
  return (
    <>
      {(all.length >= FILTER_FROM || filtering) && (
        <SessionFilterBar counts={statusCounts(shown)} />
      )}
      {list.length === 0 && <p className="sidebar-empty">No session matches the filter.</p>}
      {groupByFolder(list).map(([folder, items]) => (
        <div className="session-group" key={folder}>
          <div className="session-group-title" title={folder}>
            {baseName(folder)} <span className="session-group-count">{items.length}</span>
          </div>
          <ul className="session-list" aria-label={`Sessions in ${baseName(folder)}`}>
            {items.map((s) => (
              <SessionRow key={s.id} session={s} onRemove={() => setRemoving(s)} />
            ))}
          </ul>
        </div>
      ))}
      {removing && <DiscardDialog session={removing} onClose={() => setRemoving(null)} />}
    </>
  );
}

function SessionRow({ session: s, onRemove }: { session: SessionInfo; onRemove: () => void }) {
  const attention = useSessions((st) => st.attention[s.id]);
  const unseen = useCommits((st) => st.unseen[s.id] ?? 0);
  const active = useUi((st) => st.activeTab === sessionTabId(s.id));
  // The phase of a start in progress (any window's), until the session's status moves on.
  const starting = useStartProgress((st) =>
    s.status === 'starting' ? (st.byId[s.id]?.progress ?? null) : null,
  );
  const startFraction = useStartProgress((st) => st.byId[s.id]?.fraction ?? 0);
  const [busy, setBusy] = useState(false);
  const status = shownStatus(s, attention);
  const act = async (what: string, fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      toastError(`${what} ${s.name}`, e);
    } finally {
      setBusy(false);
    }
  };
  const canStop = s.status === 'running' || s.status === 'starting';
  const canRestart = s.status !== 'gone' && s.status !== 'starting';
  return (
    <li
      className={`session-row ${active ? 'session-row-active' : ''}`}
      data-testid="session-row"
      data-status={status}
      data-session-status={s.status}
    >
      <button
        className="session-main"
        onClick={() => openSession(s)}
        title={neutraliseLine(
          `${s.name} · ${s.branch} · ${STATUS_LABEL[status]}${s.error ? ` · ${s.error.message}` : ''}`,
        )}
      >
        <StatusDot status={status} />
        <span className="session-text">
          <span className="session-name">{neutraliseLine(s.name)}</span>
          <span className="session-branch mono">{neutraliseLine(s.branch)}</span>
          <SessionUsageRow sessionId={s.id} />
          {starting && (
            <>
              {/* The message alone fits the narrow sidebar ("running setup command 2 of 2"). */}
              <span
                className="session-phase"
                data-testid="session-phase"
                title={phaseText(starting)}
              >
                {neutraliseLine(starting.message)}
              </span>
              {/* Decorative: the text above says the same; the panel has the real progressbar. */}
              <span className="session-phase-bar" aria-hidden="true">
                <span style={{ width: `${startFraction * 100}%` }} />
              </span>
            </>
          )}
        </span>
        {unseen > 0 && (
          <span className="badge" aria-label={`${unseen} new commits`}>
            {unseen}
          </span>
        )}
      </button>
      <span className="session-actions">
        {canStop && (
          <button
            className="icon-button"
            disabled={busy}
            aria-label={`Stop ${s.name}`}
            title="Stop the container (the session can be restarted)"
            onClick={() => void act('Cannot stop', () => api().stopSession({ id: s.id }))}
          >
            ■
          </button>
        )}
        {canRestart && (
          <button
            className="icon-button"
            disabled={busy}
            aria-label={`Restart ${s.name}`}
            title="Restart the container and the agent (it continues its conversation)"
            onClick={() => void act('Cannot restart', () => api().restartSession({ id: s.id }))}
          >
            ↻
          </button>
        )}
        <SessionRowMore session={s} />
        <button
          className="icon-button"
          disabled={busy}
          aria-label={`Discard ${s.name}`}
          title="Discard the session: stop and remove its container (asks whether to keep the branch)"
          onClick={onRemove}
        >
          ✕
        </button>
      </span>
      <SessionGitBadges sessionId={s.id} />
    </li>
  );
}
