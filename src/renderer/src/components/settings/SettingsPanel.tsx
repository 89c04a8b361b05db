/**
 * Settings: for one folder, the effective config (secrets shown as ••••), the files it came from
 * or what is wrong in them (and the repository file's settings that wait for trust), the
 * container engine the app would use, and which credentials a session would get. Values of
 * credentials never reach the renderer. The user-level config file can be edited here.
 */
import { useEffect, useState } from 'react';
import type { ConfigReadResult } from '../../../../shared/schemas/config';
import type { CredentialReport } from '../../../../shared/schemas/credentials';
import type { EngineStatus } from '../../../../shared/schemas/engine';
import { api } from '../../api-context';
import { type ShownError, toShownError } from '../../stores/errors';
import { configRows } from './format';
import { LoginSyncSection } from './LoginSyncSection';
import { TrustStoreSection } from './TrustStoreSection';
import { UserConfigEditor } from './UserConfigEditor';
import './settings.css';

type Loaded<T> = { ok: true; value: T } | { ok: false; error: ShownError } | null;
interface Results {
  key: string;
  config: Loaded<ConfigReadResult>;
  engine: Loaded<EngineStatus>;
  creds: Loaded<CredentialReport>;
}

const settle = <T,>(p: Promise<T>): Promise<Loaded<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (e: unknown) => ({ ok: false as const, error: toShownError('', e) }),
  );

export function SettingsPanel({ folder, onClose }: { folder?: string; onClose: () => void }) {
  const [path, setPath] = useState(folder ?? '');
  const [shown, setShown] = useState(folder ?? '');
  const [round, setRound] = useState(0);
  const [data, setData] = useState<Results | null>(null);
  const key = `${round}:${shown}`;

  useEffect(() => {
    let live = true;
    const projectDir = shown || undefined;
    void Promise.all([
      projectDir ? settle(api().readConfig({ projectDir })) : Promise.resolve(null),
      settle(api().getEngineStatus(projectDir ? { projectDir } : {})),
      projectDir ? settle(api().getCredentialsReport({ projectDir })) : Promise.resolve(null),
    ]).then(([config, engine, creds]) => {
      if (live) setData({ key: `${round}:${shown}`, config, engine, creds });
    });
    return () => {
      live = false;
    };
  }, [shown, round]);
  // Results of an earlier folder are not shown while the new ones load.
  const current = data?.key === key ? data : null;
  const config = current?.config ?? null;
  const engine = current?.engine ?? null;
  const creds = current?.creds ?? null;

  return (
    <div className="settings" aria-label="Settings">
      <div className="settings-head">
        <h2 className="dialog-title">Settings</h2>
        <button className="icon-button" aria-label="Close settings" onClick={onClose}>
          ×
        </button>
      </div>
      <form
        className="settings-folder"
        onSubmit={(e) => {
          e.preventDefault();
          setShown(path.trim());
          setRound(round + 1);
        }}
      >
        <input
          className="input mono"
          aria-label="Project folder"
          placeholder="Folder of a git repository"
          spellCheck={false}
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <button className="button" type="submit">
          Show
        </button>
      </form>
      <div className="settings-body">
        <EngineSection engine={engine} />
        {shown ? (
          <>
            <ConfigSection config={config} />
            <CredentialsSection creds={creds} />
          </>
        ) : (
          <p className="muted">Type a folder to see its configuration and credentials.</p>
        )}
        <LoginSyncSection />
        <TrustStoreSection />
        <Section title="Your config file">
          {/* A saved file changes the effective config shown above: read it again. */}
          <UserConfigEditor onSaved={() => setRound((r) => r + 1)} />
        </Section>
      </div>
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="settings-section" aria-label={title}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

function Pending<T>({ v }: { v: Loaded<T> }) {
  if (v === null) return <p className="muted">Loading…</p>;
  if (!v.ok)
    return (
      <>
        <p className="settings-bad">{v.error.message}</p>
        {v.error.hint && <p className="muted">{v.error.hint}</p>}
      </>
    );
  return null;
}

function EngineSection({ engine }: { engine: Loaded<EngineStatus> }) {
  if (!engine?.ok)
    return (
      <Section title="Container engine">
        <Pending v={engine} />
      </Section>
    );
  const s = engine.value;
  return (
    <Section title="Container engine">
      {s.reachable ? (
        <dl className="settings-kv" data-testid="settings-engine">
          <dt>Engine</dt>
          <dd>
            <span className="settings-ok">●</span> {s.kind === 'podman' ? 'Podman' : 'Docker'}{' '}
            {s.version}
            {s.rootless ? ' (rootless)' : ''}
          </dd>
          <dt>Address</dt>
          <dd className="mono">{s.address}</dd>
          <dt>Found via</dt>
          <dd>{s.source}</dd>
          <dt>API</dt>
          <dd>
            {s.apiVersion} · {s.os}/{s.arch}
          </dd>
        </dl>
      ) : (
        <div data-testid="settings-engine">
          <p className="settings-bad">{s.message}</p>
          <p className="muted">{s.hint}</p>
          <ul className="settings-list">
            {s.attempts.map((a, i) => (
              <li key={i}>
                <span>{a.source}</span> <code>{a.address}</code>
                {a.error && <span className="muted"> — {a.error}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Section>
  );
}

function ConfigSection({ config }: { config: Loaded<ConfigReadResult> }) {
  if (!config?.ok)
    return (
      <Section title="Configuration">
        <Pending v={config} />
      </Section>
    );
  const r = config.value;
  if (!r.ok)
    return (
      <Section title="Configuration">
        <p className="settings-bad">The configuration has problems:</p>
        <ul className="settings-list">
          {r.issues.map((i, n) => (
            <li key={n}>
              <code>
                {i.file}
                {i.line !== undefined ? `:${i.line}:${i.column ?? 1}` : ''}
              </code>
              {i.path && <code className="settings-key"> {i.path}</code>}
              <div>{i.message}</div>
            </li>
          ))}
        </ul>
      </Section>
    );
  return (
    <Section title="Configuration">
      <p className="muted">
        {r.sources.length
          ? 'From (lowest precedence first):'
          : 'No config file: defaults are used.'}
      </p>
      {r.sources.length > 0 && (
        <ul className="settings-list mono">
          {r.sources.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      )}
      {r.untrusted && (
        <div className="settings-untrusted" data-testid="settings-untrusted">
          <p>
            Ignored until you trust <code>{r.untrusted.file}</code> (starting a session asks):
          </p>
          <ul className="settings-list">
            {r.untrusted.settings.map((s) => (
              <li key={s.key}>
                <code className="settings-key">{s.key}</code>{' '}
                <span className="muted">— {s.why}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <dl className="settings-kv settings-config" data-testid="settings-config">
        {configRows(r.config).map((row) => (
          <div key={row.key} className="settings-row">
            <dt className="mono">{row.key}</dt>
            <dd className="mono">
              {row.lines.length ? (
                row.lines.map((l, i) => <div key={i}>{l}</div>)
              ) : (
                <span className="muted">none</span>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}

function CredentialsSection({ creds }: { creds: Loaded<CredentialReport> }) {
  if (!creds?.ok)
    return (
      <Section title="Credentials">
        <Pending v={creds} />
      </Section>
    );
  const r = creds.value;
  return (
    <Section title="Credentials">
      <p className={r.claudeAuthForwarded ? 'muted' : 'settings-bad'}>
        Provider: {r.provider} ·{' '}
        {r.claudeAuthForwarded
          ? 'a Claude login will be in the container'
          : 'no Claude login will be in the container'}
      </p>
      <table className="settings-table">
        <thead>
          <tr>
            <th>Credential</th>
            <th>Found</th>
            <th>Forwarded</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {r.entries.map((e) => (
            <tr key={e.id}>
              <td>
                {e.label}
                <div className="muted mono">{e.source}</div>
              </td>
              <td className={e.found ? 'settings-ok' : 'muted'}>{e.found ? 'yes' : 'no'}</td>
              <td className={e.forwarded ? 'settings-ok' : 'muted'}>
                {e.forwarded ? `yes${e.target ? ` → ${e.target}` : ''}` : 'no'}
              </td>
              <td>{e.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.notes.map((n, i) => (
        <p key={i} className="muted">
          {n}
        </p>
      ))}
    </Section>
  );
}
