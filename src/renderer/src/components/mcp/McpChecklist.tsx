/**
 * The start panel's MCP section: the user's own MCP servers (user scope of ~/.claude.json) as a
 * checklist with their command or URL and the names of their env variables and headers (the
 * main process never sends values). Ticking saves the choice for the project; `onChange` gets
 * the names this start sends (undefined until the list is read: the saved choice applies).
 */
import { useEffect } from 'react';
import type { McpServerSummary } from '../../../../shared/schemas/mcp';
import { neutraliseLine } from '../../../../shared/neutralise';
import { useMcp } from '../../stores/mcp';
import './mcp.css';

export function McpChecklist({
  folder,
  disabled,
  onChange,
}: {
  folder: string;
  disabled: boolean;
  onChange(names: string[] | undefined): void;
}) {
  const list = useMcp((s) => s.lists[folder]);
  const loadError = useMcp((s) => s.loadErrors[folder]);
  const saveError = useMcp((s) => s.saveErrors[folder]);
  useEffect(() => {
    void useMcp.getState().load(folder);
  }, [folder]);
  const chosen = list?.chosen;
  useEffect(() => onChange(chosen), [chosen, onChange]);

  if (loadError)
    return (
      <fieldset className="mcp-list" aria-label="MCP servers">
        <legend className="section-title">MCP servers</legend>
        <p className="muted">Cannot read your MCP servers: {loadError}</p>
      </fieldset>
    );
  if (!list)
    return (
      <fieldset className="mcp-list" aria-label="MCP servers">
        <legend className="section-title">MCP servers</legend>
        <p className="muted">Reading your MCP servers…</p>
      </fieldset>
    );

  const toggle = (name: string) => {
    const next = list.chosen.includes(name)
      ? list.chosen.filter((n) => n !== name)
      : [...list.chosen, name];
    void useMcp.getState().choose(folder, next);
  };

  return (
    <fieldset className="mcp-list" disabled={disabled} aria-label="MCP servers">
      <legend className="section-title">MCP servers</legend>
      {list.servers.length === 0 ? (
        <p className="muted mcp-help">
          None in <span className="mono">{neutraliseLine(list.source)}</span>. Add your own with{' '}
          <span className="mono">claude mcp add --scope user …</span>; sessions get the ones you
          tick here.
        </p>
      ) : (
        <>
          <p className="muted mcp-help">
            From <span className="mono">{neutraliseLine(list.source)}</span>. The ticked ones go
            into this project&apos;s sessions, with their environment and headers (never shown
            here).
          </p>
          <ul className="mcp-servers">
            {list.servers.map((s) => (
              <ServerRow
                key={s.name}
                server={s}
                on={list.chosen.includes(s.name)}
                toggle={() => toggle(s.name)}
              />
            ))}
          </ul>
        </>
      )}
      {list.problems.map((p, i) => (
        <p key={i} className="mcp-note">
          {neutraliseLine(p)}
        </p>
      ))}
      {saveError && (
        <p className="mcp-error" role="alert">
          Not saved for the project: {saveError}. This start still uses the ticked servers.
        </p>
      )}
    </fieldset>
  );
}

function ServerRow({
  server: s,
  on,
  toggle,
}: {
  server: McpServerSummary;
  on: boolean;
  toggle(): void;
}) {
  const target = s.command ?? s.url ?? '';
  const names = [
    s.envNames.length > 0 ? `env: ${s.envNames.join(', ')}` : '',
    s.headerNames.length > 0 ? `headers: ${s.headerNames.join(', ')}` : '',
  ].filter(Boolean);
  return (
    <li className={`mcp-server ${on ? 'on' : ''}`}>
      <label>
        <input type="checkbox" checked={on} onChange={toggle} aria-label={`MCP server ${s.name}`} />
        <span className="mcp-name">{neutraliseLine(s.name)}</span>
        <span className="mcp-kind">{s.kind}</span>
        <span className="mono mcp-target" title={neutraliseLine(target)}>
          {neutraliseLine(target)}
        </span>
      </label>
      {names.length > 0 && (
        <span className="muted mcp-names">{neutraliseLine(names.join(' · '))}</span>
      )}
    </li>
  );
}
