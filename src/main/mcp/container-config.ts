/**
 * The chosen MCP servers in the container's ~/.claude.json: the credentials planner's filtered
 * copy of the host file (which never carries `mcpServers`) gets a `mcpServers` object with
 * exactly the chosen entries, as written on the host (env and headers included: the user chose
 * to give them to this project's sessions). Without a planned copy, the file holds only them.
 */
import type { PlannedFile } from '../sessions/deps';
import type { McpDefinition } from './definitions';

/** Owner-only, like the copied ~/.claude.json: the entries hold tokens. */
const SECRET_MODE = 0o600;

export function claudeJsonPath(containerHome: string): string {
  return `${containerHome.replace(/\/+$/, '')}/.claude.json`;
}

export function withMcpServers(
  files: readonly PlannedFile[],
  containerHome: string,
  servers: readonly McpDefinition[],
): PlannedFile[] {
  if (servers.length === 0) return [...files];
  const target = claudeJsonPath(containerHome);
  const mcpServers = Object.fromEntries(servers.map((s) => [s.name, s.raw]));
  const existing = files.find((f) => f.containerPath === target);
  let base: Record<string, unknown> = {};
  if (existing) {
    try {
      const v: unknown = JSON.parse(existing.content.toString('utf8'));
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        base = v as Record<string, unknown>;
      }
    } catch {
      // The planner writes JSON; anything else is replaced by a file Claude Code can read.
    }
  }
  const content = Buffer.from(`${JSON.stringify({ ...base, mcpServers }, null, 2)}\n`, 'utf8');
  const file: PlannedFile = { containerPath: target, content, mode: SECRET_MODE };
  return existing ? files.map((f) => (f === existing ? file : f)) : [...files, file];
}
