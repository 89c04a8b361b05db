/**
 * Where the user's MCP servers come from: the host's ~/.claude.json exactly as the credentials
 * planner finds it (the config's claudeConfigPath, else `.claude.json` inside
 * $CLAUDE_CONFIG_DIR), so the servers offered are the ones of the Claude config that the
 * container gets a copy of. Only the user scope (top-level `mcpServers`) is read: per-folder
 * ("local") servers under `projects` belong to host folders and stay there.
 */
import { isAbsolute, join } from 'node:path';
import { readClaudeJson } from '../credentials/claude-config';
import { parseMcpServers, type ParsedServers } from './definitions';

export interface McpSourceInput {
  env: NodeJS.ProcessEnv;
  homeDir: string;
  /** The resolved config's claudeConfigPath (absolute after loadConfig). */
  claudeConfigPath: string | undefined;
}

export interface McpSource extends ParsedServers {
  /** The file read (or the one looked for first when none exists). */
  path: string;
}

function expandHome(p: string, homeDir: string): string {
  if (p === '~') return homeDir;
  if (p.startsWith('~/') || p.startsWith('~\\')) return join(homeDir, p.slice(2));
  return isAbsolute(p) ? p : join(homeDir, p);
}

export async function readMcpSource(input: McpSourceInput): Promise<McpSource> {
  const first = expandHome(input.claudeConfigPath || '~/.claude.json', input.homeDir);
  let read = await readClaudeJson(first);
  const dir = input.env.CLAUDE_CONFIG_DIR;
  if (!read.json && typeof dir === 'string' && dir !== '') {
    // With CLAUDE_CONFIG_DIR, Claude Code keeps .claude.json inside that folder.
    const inDir = await readClaudeJson(join(expandHome(dir, input.homeDir), '.claude.json'));
    if (inDir.json) read = inDir;
  }
  if (!read.json) {
    // No file is the common case of "no MCP servers": not a problem worth showing.
    const problems = read.problem === 'not found' ? [] : [`${read.path}: ${read.problem}`];
    return { path: read.path, servers: [], problems };
  }
  return { path: read.path, ...parseMcpServers(read.json.mcpServers) };
}
