/**
 * In the session panel: the chosen MCP servers whose command was not found in the container
 * before the agent started (the start checked them), so a server that never shows up in Claude
 * Code is explained where the user looks. Nothing when all were found or none were chosen.
 */
import type { SessionInfo } from '../../../../shared/schemas/session';
import { neutraliseLine } from '../../../../shared/neutralise';
import './mcp.css';

export function McpSessionNote({ session }: { session: SessionInfo }) {
  const missing = session.mcp?.missing ?? [];
  if (missing.length === 0) return null;
  return (
    <div className="mcp-session-note" role="status" aria-label="MCP servers">
      {missing.map((m) => (
        <div key={m.name}>
          MCP server <strong>{neutraliseLine(m.name)}</strong>: command{' '}
          <span className="mono">{neutraliseLine(m.command)}</span> is not in the image
        </div>
      ))}
      <div className="muted">
        Add it to the image or to the config&apos;s setupCommands, then start a new session.
      </div>
    </div>
  );
}
