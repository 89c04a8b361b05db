/**
 * The Claude login in Settings: the host's one copy (file or Keychain; account and expiry, never
 * a token) and, per running session, which login it holds, when it expires, when it was last
 * synced and what the app last did. Follows loginSynced and session status events.
 */
import { useEffect, useState } from 'react';
import type { LoginSyncReport, SessionLoginState } from '../../../../shared/schemas/claude-login';
import { api } from '../../api-context';
import { type ShownError, toShownError } from '../../stores/errors';
import { useSessions } from '../../stores/sessions';

const STATE_WORDS: Record<SessionLoginState, string> = {
  'in-step': 'in step',
  pushed: 'updated from this machine',
  pulled: 'refreshed here, copied to this machine',
  older: 'older copy',
  'other-account': 'another account: not synced',
  corrupt: 'not a valid login: ignored',
  'no-login': 'no login',
};

const STORE_WORDS = { file: 'credentials file', keychain: 'macOS Keychain', none: 'none' } as const;

function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleString();
}

export function LoginSyncView({
  report,
  names,
}: {
  report: LoginSyncReport;
  names: Record<string, string>;
}) {
  const h = report.host;
  return (
    <div data-testid="login-sync">
      <dl className="settings-kv">
        <dt>Host login</dt>
        <dd>
          {STORE_WORDS[h.store]} <span className="muted mono">{h.source}</span>
        </dd>
        <dt>Account</dt>
        <dd>{h.account ?? <span className="muted">unknown</span>}</dd>
        <dt>Expires</dt>
        <dd className={h.expired ? 'settings-bad' : undefined}>
          {when(h.expiresAt)}
          {h.expired ? ' (expired: the app refreshes nothing itself)' : ''}
        </dd>
      </dl>
      {h.problem && <p className="settings-bad">{h.problem}</p>}
      {!report.active && (
        <p className="muted">
          Another app or claude-run process keeps the sessions&apos; logins in step; as it last saw
          them:
        </p>
      )}
      {report.sessions.length === 0 ? (
        <p className="muted">No running session.</p>
      ) : (
        <table className="settings-table">
          <thead>
            <tr>
              <th>Session</th>
              <th>Account</th>
              <th>Expires</th>
              <th>Last synced</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {report.sessions.map((s) => (
              <tr key={s.sessionId} data-testid={`login-sync-${s.sessionId}`}>
                <td>{names[s.sessionId] ?? s.sessionId}</td>
                <td>{s.account ?? <span className="muted">unknown</span>}</td>
                <td>{when(s.expiresAt)}</td>
                <td>{when(s.lastSyncedAt)}</td>
                <td
                  className={
                    s.state === 'other-account' || s.state === 'corrupt'
                      ? 'settings-bad'
                      : undefined
                  }
                >
                  {STATE_WORDS[s.state]}
                  {s.message && <div className="muted">{s.message}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted">{report.longLivedTokenHint}</p>
    </div>
  );
}

export function LoginSyncSection() {
  const [report, setReport] = useState<LoginSyncReport | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const sessions = useSessions((s) => s.sessions);
  const statusKey = Object.values(sessions)
    .map((s) => `${s.id}:${s.status}`)
    .join(',');

  useEffect(() => {
    let live = true;
    const load = () =>
      api()
        .getLoginSync({})
        .then(
          (r) => {
            if (!live) return;
            setReport(r);
            setError(null);
          },
          (e: unknown) => {
            if (live) setError(toShownError('', e));
          },
        );
    void load();
    const off = api().onLoginSynced(() => void load());
    return () => {
      live = false;
      off();
    };
    // A session started or stopped: its row comes or goes.
  }, [statusKey]);

  const names = Object.fromEntries(Object.values(sessions).map((s) => [s.id, s.name]));
  return (
    <section className="settings-section" aria-label="Claude login">
      <h3>Claude login</h3>
      {error ? (
        <p className="settings-bad">{error.message}</p>
      ) : report ? (
        <LoginSyncView report={report} names={names} />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}
