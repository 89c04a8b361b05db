/**
 * The `mcpServers` object of a ~/.claude.json, read as untrusted input: every entry is checked
 * for the shape Claude Code runs (stdio: command + args + env; http/sse: url + headers), and
 * one that is not is skipped with a reason naming only the server and the field (never a
 * value: env and headers hold tokens). A kept entry is forwarded as written, unknown fields
 * included, so Claude Code in the container sees exactly what it sees on the host.
 */
import { z } from 'zod';
import { MCP_SERVER_NAME, type McpServerKind } from '../../shared/schemas/mcp';

export interface McpDefinition {
  name: string;
  kind: McpServerKind;
  /** stdio: the program Claude Code runs. */
  command?: string;
  args: string[];
  url?: string;
  envNames: string[];
  headerNames: string[];
  /** The entry as written in the host file: what the container's config gets. */
  raw: Record<string, unknown>;
}

export interface ParsedServers {
  servers: McpDefinition[];
  problems: string[];
}

const MAX_SERVERS = 200;
const StringMap = z.record(z.string(), z.string());
const Stdio = z.object({
  type: z.literal('stdio').optional(),
  command: z.string().min(1).max(4096),
  args: z.array(z.string().max(65536)).max(1000).optional(),
  env: StringMap.optional(),
});
const Remote = z.object({
  type: z.enum(['http', 'sse']),
  url: z.string().min(1).max(8192),
  headers: StringMap.optional(),
});

/** The first field zod complained about, without the value it saw. */
function firstField(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.join('.') ?? '';
  return path === '' ? 'its shape' : `"${path}"`;
}

function shownName(name: string): string {
  return MCP_SERVER_NAME.test(name) ? name : JSON.stringify(name.slice(0, 40)).slice(0, 44);
}

export function parseMcpServers(value: unknown): ParsedServers {
  const servers: McpDefinition[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) return { servers, problems };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { servers, problems: ['"mcpServers" is not an object; no MCP server is offered'] };
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_SERVERS) {
    problems.push(`only the first ${MAX_SERVERS} of ${entries.length} MCP servers are offered`);
  }
  for (const [name, entry] of entries.slice(0, MAX_SERVERS)) {
    if (!MCP_SERVER_NAME.test(name)) {
      problems.push(
        `MCP server ${shownName(name)} skipped: its name has characters other than letters, digits, "_", ".", "@", ":" and "-"`,
      );
      continue;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`MCP server ${name} skipped: its entry is not an object`);
      continue;
    }
    const raw = entry as Record<string, unknown>;
    const type = raw.type ?? ('command' in raw ? 'stdio' : undefined);
    if (type === 'stdio') {
      const r = Stdio.safeParse(raw);
      if (!r.success) {
        problems.push(`MCP server ${name} skipped: ${firstField(r.error)} is not as expected`);
        continue;
      }
      servers.push({
        name,
        kind: 'stdio',
        command: r.data.command,
        args: r.data.args ?? [],
        envNames: Object.keys(r.data.env ?? {}).sort(),
        headerNames: [],
        raw,
      });
    } else if (type === 'http' || type === 'sse') {
      const r = Remote.safeParse(raw);
      if (!r.success) {
        problems.push(`MCP server ${name} skipped: ${firstField(r.error)} is not as expected`);
        continue;
      }
      servers.push({
        name,
        kind: r.data.type,
        url: r.data.url,
        args: [],
        envNames: [],
        headerNames: Object.keys(r.data.headers ?? {}).sort(),
        raw,
      });
    } else {
      const what =
        typeof type === 'string' && /^[a-z-]{1,20}$/.test(type)
          ? `its type "${type}" is not one a container can use (stdio, http, sse)`
          : 'it has neither a command nor a type';
      problems.push(`MCP server ${name} skipped: ${what}`);
    }
  }
  return { servers, problems };
}
