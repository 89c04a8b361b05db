/**
 * The user's own MCP servers (user scope `mcpServers` of the host's ~/.claude.json) as the app
 * offers them per project: what a server is (name, kind, command or URL) and never what it
 * carries (env and header values, URL credentials). The chosen ones go into the container's
 * Claude config at start; the rest stay home.
 */
import { z } from 'zod';

/**
 * Names as `claude mcp add` makes them, plus "." "@" ":" seen in hand-written files. No comma
 * (the CLI's --mcp takes a comma-separated list) and nothing that could break a line of output.
 */
export const MCP_SERVER_NAME = /^[A-Za-z0-9_.@:-]{1,100}$/;
export const McpServerName = z.string().regex(MCP_SERVER_NAME, {
  error: 'expected an MCP server name (letters, digits, "_", ".", "@", ":" and "-")',
});

export const McpServerKind = z.enum(['stdio', 'http', 'sse']);
export type McpServerKind = z.infer<typeof McpServerKind>;

export const McpServerSummary = z.object({
  name: McpServerName,
  kind: McpServerKind,
  /** stdio: the command and its arguments for display (secret-looking arguments masked). */
  command: z.string().optional(),
  /** http/sse: the URL with its user info, query values and token-like path parts masked. */
  url: z.string().optional(),
  /** Names of the environment variables the server gets; their values are never sent. */
  envNames: z.array(z.string()),
  /** Names of the HTTP headers the server gets; their values are never sent. */
  headerNames: z.array(z.string()),
});
export type McpServerSummary = z.infer<typeof McpServerSummary>;

export const McpServerList = z.object({
  /** The file the servers were read from (the host's ~/.claude.json or its configured path). */
  source: z.string(),
  servers: z.array(McpServerSummary),
  /** The names chosen for this project (user-level config `projectMcpServers`); default none. */
  chosen: z.array(McpServerName),
  /** Why a server was skipped, a chosen name that no longer exists, an unreadable file. */
  problems: z.array(z.string()),
});
export type McpServerList = z.infer<typeof McpServerList>;

export const ListMcpServersInput = z.object({ projectDir: z.string().min(1).max(4096) }).strict();

export const SetProjectMcpServersInput = z
  .object({
    projectDir: z.string().min(1).max(4096),
    names: z.array(McpServerName).max(200),
  })
  .strict();

/** What a session got: the servers written into its Claude config, and missing commands. */
export const SessionMcp = z.object({
  servers: z.array(McpServerName),
  /** stdio servers whose command was not found in the container before the agent started. */
  missing: z.array(z.object({ name: McpServerName, command: z.string() })),
});
export type SessionMcp = z.infer<typeof SessionMcp>;
