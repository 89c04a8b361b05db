/**
 * A folder's tab: start a session there (branch name and initial prompt optional, the network
 * policy shown and editable: components/network), with the start's progress bar and streaming
 * setup output, and its error with the hint and, where the app can fix it, an action. A repository config file that is not trusted yet is asked about in
 * a dialog first. The folder's existing sessions are listed to open instead.
 */
import { useState } from 'react';
import type { NetworkPolicy } from '../../../../shared/schemas/network-policy';
import type { SessionInfo } from '../../../../shared/schemas/session';
import { api } from '../../api-context';
import { useSessions, type TrustAnswer } from '../../stores/sessions';
import { useStartProgress } from '../../stores/start-progress';
import type { Tab } from '../../stores/ui';
import { openSession } from './navigate';
import { StartLog, StartProgressBar } from './StartProgress';
import { NetworkPolicyEditor } from '../network/NetworkPolicyEditor';
import { McpChecklist } from '../mcp/McpChecklist';
import { StatusDot } from './StatusDot';
import { TrustDialog } from './TrustDialog';
import { shownStatus } from '../../stores/sessions';

export function StartSessionPanel({ tab }: { tab: Tab }) {
  const folder = tab.subject;
  const st = useSessions((s) => s.starts[folder]);
  // Its phase and output, kept once for every window (the sidebar shows the same).
  const seen = useStartProgress((s) => (st?.sessionId ? s.byId[st.sessionId] : undefined));
  const sessions = useSessions((s) => s.sessions);
  const attention = useSessions((s) => s.attention);
  const existing = Object.values(sessions).filter((s) => s.folder === folder);
  const [name, setName] = useState('');
  const [prompt, setPrompt] = useState('');
  const [fixNote, setFixNote] = useState<string | null>(null);
  // Set only when the user changed the plan shown; else the configs and the detection decide.
  const [network, setNetwork] = useState<NetworkPolicy | undefined>(undefined);
  // The checklist's ticks (also saved for the project); undefined until it has read them.
  const [mcpServers, setMcpServers] = useState<string[] | undefined>(undefined);
  const busy = st?.busy ?? false;

  const run = async (go: () => Promise<SessionInfo | null>) => {
    setFixNote(null);
    const info = await go();
    if (info) {
      useSessions.getState().clearStart(folder);
      openSession(info, { fromFolderTab: true });
    }
  };
  const start = () =>
    run(() =>
      useSessions.getState().start(folder, {
        name: name.trim() || undefined,
        prompt: prompt.trim() || undefined,
        ...(network ? { network } : {}),
        ...(mcpServers ? { mcpServers } : {}),
      }),
    );
  const answer = (a: TrustAnswer) => void run(() => useSessions.getState().answerTrust(folder, a));

  const initRepo = async () => {
    try {
      const r = await api().initRepo({ folder });
      setFixNote(
        r.created
          ? `Initialized an empty git repository in ${r.folder}. Commit your files once (git add -A && git commit -m "Initial commit"), then start the session.`
          : `${r.folder} already is a git repository.`,
      );
      useSessions.getState().clearStart(folder);
    } catch (e) {
      setFixNote(`git init failed: ${(e as Error).message}`);
    }
  };

  return (
    <div className="start-panel">
      <h1 className="panel-title">{tab.title}</h1>
      <p className="mono muted start-folder">{folder}</p>

      <form
        className="start-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void start();
        }}
      >
        <label className="field">
          <span>Branch name (optional, default claude/&lt;date-time&gt;)</span>
          <input
            className="input mono"
            value={name}
            placeholder="claude/2026-01-01-120000"
            spellCheck={false}
            autoComplete="off"
            disabled={busy}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Initial prompt for the agent (optional)</span>
          <textarea
            className="input"
            rows={3}
            value={prompt}
            placeholder="Fix the failing tests in src/…"
            disabled={busy}
            onChange={(e) => setPrompt(e.target.value)}
          />
        </label>
        <NetworkPolicyEditor folder={folder} disabled={busy} onChange={setNetwork} />
        <McpChecklist folder={folder} disabled={busy} onChange={setMcpServers} />
        <div className="start-actions">
          <button type="submit" className="button primary large" disabled={busy}>
            {busy ? 'Starting…' : 'Start session'}
          </button>
          <span className="muted">
            A container gets a snapshot of this folder; your files are never changed.
          </span>
        </div>
      </form>

      {st && (st.busy || st.error) && (
        <section className="start-progress" aria-label="Session start">
          {st.busy && (
            <StartProgressBar
              progress={seen?.progress ?? null}
              {...(seen ? { fraction: seen.fraction } : {})}
            />
          )}
          {st.error && (
            <div className="start-error" role="alert">
              <strong>{st.error.title}</strong>
              <p>{st.error.message}</p>
              {st.error.hint && <p className="muted">{st.error.hint}</p>}
              {st.error.code === 'not-a-git-repo' && (
                <button className="button" onClick={() => void initRepo()}>
                  Initialize git repository
                </button>
              )}
            </div>
          )}
          <StartLog log={seen?.log ?? ''} />
        </section>
      )}
      {fixNote && <p className="start-note">{fixNote}</p>}
      {st?.untrusted && <TrustDialog untrusted={st.untrusted} onAnswer={answer} />}

      {existing.length > 0 && (
        <section className="start-existing">
          <h2 className="section-title">Sessions in this folder</h2>
          <ul>
            {existing.map((s) => (
              <li key={s.id}>
                <button className="link" onClick={() => openSession(s)}>
                  <StatusDot status={shownStatus(s, attention[s.id])} /> {s.name}
                </button>{' '}
                <span className="mono muted">{s.branch}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
