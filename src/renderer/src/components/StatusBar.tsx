import { runCommand } from '../actions';
import { useAppInfo } from '../stores/app';
import { useConnection } from '../stores/connection';
import { useEngine } from '../stores/engine';
import { SessionsStatusItem } from './sessions/SessionsStatusItem';
import { UsageStatusItem } from './usage/UsageStatusItem';
import '../styles/statusbar.css';

function EngineStatusItem() {
  const { status, error, checking, refresh } = useEngine();
  let tone = 'pending';
  let text = 'Checking container engine…';
  let title = '';
  if (status?.reachable) {
    tone = 'ok';
    text = `${status.kind === 'podman' ? 'Podman' : 'Docker'} ${status.version}${status.rootless ? ' (rootless)' : ''}`;
    title = `${status.address} · API ${status.apiVersion} · ${status.os}/${status.arch} · found via ${status.source}`;
  } else if (status && !status.reachable) {
    tone = 'bad';
    text = 'No container engine';
    title = `${status.message} ${status.hint}`;
  } else if (error) {
    tone = 'bad';
    text = 'Engine status unavailable';
    title = error;
  }
  return (
    <button
      className={`status-item engine engine-${tone}`}
      title={title || undefined}
      onClick={() => void refresh()}
      disabled={checking}
      data-testid="engine-status"
    >
      <span className="dot" aria-hidden="true" />
      {text}
    </button>
  );
}

function ConnectionItem() {
  const { mode, state } = useConnection();
  if (mode === 'electron') return null;
  const label =
    state === 'open'
      ? 'Web mode · connected'
      : state === 'reconnecting'
        ? 'Web mode · reconnecting…'
        : `Web mode · ${state}`;
  return <span className={`status-item conn conn-${state}`}>{label}</span>;
}

export function StatusBar() {
  const version = useAppInfo((s) => s.version);
  return (
    <footer className="statusbar">
      <EngineStatusItem />
      <SessionsStatusItem />
      <UsageStatusItem />
      <span className="spacer" />
      <ConnectionItem />
      <button
        className="status-item"
        title="Settings (Ctrl/Cmd+,)"
        onClick={() => runCommand('settings')}
      >
        ⚙ Settings
      </button>
      <span className="status-item version" data-testid="app-version">
        {version ? `v${version}` : ''}
      </span>
    </footer>
  );
}
