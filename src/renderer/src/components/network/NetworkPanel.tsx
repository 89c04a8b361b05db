/**
 * A session's Network panel (beside its terminals or review): the policy, whether a gateway
 * serves the session, the attempts it denied with the two "allow" answers, and the TCP ports
 * processes in the container listen on, each forwarded to a loopback port on request. Read
 * every few seconds while shown, and at once when a denial for this session is announced.
 */
import { useEffect, useState } from 'react';
import type { DeniedAttempt, NetworkState } from '../../../../shared/schemas/network';
import type { SessionInfo } from '../../../../shared/schemas/session';
import { api } from '../../api-context';
import { useNetwork } from '../../stores/network';
import { toastError, useToasts } from '../../stores/toasts';
import { openForward } from './open-forward';
import { isAllowed, patternForDenial, policySummary } from './policy-draft';
import './network.css';

/** How often the panel reads the state and the ports while shown. */
export const NETWORK_POLL_MS = 3000;

const REASON: Record<DeniedAttempt['reason'], string> = {
  'not-allowed': 'not on the allowlist',
  'private-address': 'a private address',
  'bad-request': 'not a proxy request',
};

const GATEWAY: Record<NetworkState['gateway'], string> = {
  serving: 'Gateway serving',
  waiting: 'No network until the app serves this session',
  off: 'No gateway (not an allowlist)',
};

function useVisible(): boolean {
  const [visible, setVisible] = useState(document.visibilityState === 'visible');
  useEffect(() => {
    const on = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', on);
    return () => document.removeEventListener('visibilitychange', on);
  }, []);
  return visible;
}

export function NetworkPanel({ session: s }: { session: SessionInfo }) {
  const running = s.status === 'running';
  const visible = useVisible();
  const { refreshState, refreshPorts, toggle } = useNetwork.getState();

  useEffect(() => {
    if (!visible) return;
    const read = () => {
      void refreshState(s.id);
      if (running) void refreshPorts(s.id);
    };
    read();
    const timer = setInterval(read, NETWORK_POLL_MS);
    const off = api().onNetworkDenied((d) => d.sessionId === s.id && void refreshState(s.id));
    return () => {
      clearInterval(timer);
      off();
    };
  }, [s.id, running, visible, refreshState, refreshPorts]);

  return (
    <aside className="net-panel" aria-label="Network">
      <header className="net-panel-head">
        <h2 className="section-title">Network</h2>
        <button
          className="icon-button"
          aria-label="Hide the network panel"
          onClick={() => toggle(s.id, false)}
        >
          ×
        </button>
      </header>
      <PolicySection sessionId={s.id} />
      <Denials sessionId={s.id} />
      <Ports sessionId={s.id} running={running} />
    </aside>
  );
}

function PolicySection({ sessionId }: { sessionId: string }) {
  const state = useNetwork((st) => st.states[sessionId]);
  const error = useNetwork((st) => st.stateErrors[sessionId]);
  if (!state)
    return <p className="muted">{error ? `Cannot read the network: ${error}` : 'Reading…'}</p>;
  const p = state.policy;
  return (
    <section className="net-section" aria-label="Policy">
      <p data-testid="net-policy">{policySummary(p)}</p>
      <p className={`net-gateway net-gateway-${state.gateway}`} data-testid="net-gateway">
        {GATEWAY[state.gateway]}
      </p>
      {typeof p !== 'string' && p.allow.length > 0 && (
        <details>
          <summary className="muted">Hosts added</summary>
          <ul className="mono net-list">
            {p.allow.map((h) => (
              <li key={h}>{h}</li>
            ))}
          </ul>
        </details>
      )}
      {state.sessionAllow.length > 0 && (
        <div data-testid="net-session-allow">
          <span className="muted">Allowed for this session</span>
          <ul className="mono net-list">
            {state.sessionAllow.map((h) => (
              <li key={h}>{h}</li>
            ))}
          </ul>
        </div>
      )}
      {error && <p className="net-error">Last read failed: {error}</p>}
    </section>
  );
}

function time(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString();
}

function Denials({ sessionId }: { sessionId: string }) {
  const state = useNetwork((st) => st.states[sessionId]);
  const [busy, setBusy] = useState<string | null>(null);
  if (!state || typeof state.policy === 'string') return null;
  const allowed = new Set(state.sessionAllow);
  const answer = async (pattern: string, scope: 'session' | 'project') => {
    setBusy(pattern);
    try {
      await useNetwork.getState().allow(sessionId, pattern, scope);
    } catch (e) {
      toastError(`Cannot allow ${pattern}`, e);
    } finally {
      setBusy(null);
    }
  };
  const shown = state.denied.slice(0, 50);
  return (
    <section className="net-section" aria-label="Denied">
      <h3 className="net-subtitle">Denied</h3>
      {shown.length === 0 && <p className="muted">Nothing denied yet.</p>}
      <ul className="net-denials">
        {shown.map((d, i) => {
          const pattern = patternForDenial(d.host, d.port);
          const answered = isAllowed(d, allowed);
          return (
            <li key={`${d.at}-${d.host}-${d.port}-${i}`} data-testid="net-denial">
              <div className="net-denial-line">
                <span className="mono net-host">
                  {d.host}:{d.port}
                </span>
                <span className="muted">
                  {time(d.at)}
                  {d.process ? ` · ${d.process}` : ''} · {REASON[d.reason]}
                </span>
              </div>
              {answered ? (
                <span className="net-allowed">Allowed for this session</span>
              ) : (
                d.reason !== 'bad-request' && (
                  <div className="net-denial-actions">
                    <button
                      className="button"
                      disabled={busy === pattern}
                      onClick={() => void answer(pattern, 'session')}
                    >
                      Allow for this session
                    </button>
                    <button
                      className="button"
                      disabled={busy === pattern}
                      onClick={() => void answer(pattern, 'project')}
                    >
                      Always allow for this project
                    </button>
                  </div>
                )
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Ports({ sessionId, running }: { sessionId: string; running: boolean }) {
  const ports = useNetwork((st) => st.ports[sessionId]);
  const error = useNetwork((st) => st.portErrors[sessionId]);
  const [busy, setBusy] = useState<number | null>(null);
  const open = async (port: number, hostPort: number | undefined) => {
    setBusy(port);
    try {
      // A port forwarded already (by this page or another window) opens the same host port.
      const url = hostPort
        ? `http://127.0.0.1:${hostPort}/`
        : (await useNetwork.getState().forward(sessionId, port)).url;
      if (!(await openForward(url)))
        useToasts
          .getState()
          .show(
            { tone: 'info', text: `Port ${port} is at ${url}: open it in your browser.` },
            12_000,
          );
    } catch (e) {
      toastError(`Cannot open port ${port}`, e);
    } finally {
      setBusy(null);
    }
  };
  const close = async (port: number) => {
    setBusy(port);
    try {
      await useNetwork.getState().close(sessionId, port);
    } catch (e) {
      toastError(`Cannot close port ${port}`, e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="net-section" aria-label="Ports">
      <h3 className="net-subtitle">Ports</h3>
      {!running ? (
        <p className="muted">Ports show while the session runs.</p>
      ) : !ports ? (
        <p className="muted">{error ? `Cannot list ports: ${error}` : 'Looking…'}</p>
      ) : ports.length === 0 ? (
        <p className="muted">Nothing in the container listens on a TCP port.</p>
      ) : (
        <ul className="net-ports">
          {ports.map((p) => {
            const url = p.hostPort ? `http://127.0.0.1:${p.hostPort}/` : undefined;
            return (
              <li key={p.port} data-testid="net-port">
                <div className="net-port-line">
                  <span className="mono">
                    {p.port}
                    {p.process ? ` · ${p.process}` : ''}
                  </span>
                  <span className="spacer" />
                  <button
                    className="button"
                    disabled={busy === p.port}
                    onClick={() => void open(p.port, p.hostPort)}
                  >
                    Open
                  </button>
                  {p.hostPort && (
                    <button
                      className="button"
                      disabled={busy === p.port}
                      onClick={() => void close(p.port)}
                    >
                      Close
                    </button>
                  )}
                </div>
                {url && (
                  <span className="muted net-forward-line">
                    Forwarded to{' '}
                    <span
                      className="mono net-forward"
                      data-testid="net-forward"
                      title="A loopback address on the machine running the app"
                    >
                      {url}
                    </span>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {ports && error && <p className="net-error">Last read failed: {error}</p>}
    </section>
  );
}
