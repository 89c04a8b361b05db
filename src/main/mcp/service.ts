/**
 * The MCP domain: lists the user's own servers for a project (summaries only), keeps the
 * project's choice in the user-level config, and gives a session start exactly the chosen
 * servers (full definitions into the container's ~/.claude.json, then a check that their
 * commands exist before the agent starts).
 */
import { AppError } from '../../shared/errors';
import type { ResolvedConfig } from '../../shared/schemas/config';
import type { McpServerList, SessionMcp } from '../../shared/schemas/mcp';
import { formatConfigIssue, loadConfig } from '../config/load';
import type { PlatformEnv } from '../config/paths';
import type { Engine } from '../engine/types';
import { checkFolder, runGit } from '../git/repo-check';
import type { PlannedFile } from '../sessions/deps';
import { chosenMcpServers, setChosenMcpServers } from './choice';
import { checkMcpCommands } from './command-check';
import { withMcpServers } from './container-config';
import type { McpDefinition } from './definitions';
import { readMcpSource } from './source';
import { displayCommand, summarize } from './summary';

/** What one session start gets; see SessionMcpPlanner (sessions/deps.ts). */
export interface McpStart {
  /** The servers written into the container's config. */
  servers: McpDefinition[];
  /** Said in the session log: a saved name that no longer exists, a skipped entry. */
  problems: string[];
  /** The servers' env and header values and URL credentials: redacted from setup output. */
  secrets: string[];
  /** The planned files with the servers in the container's ~/.claude.json. */
  addTo(files: readonly PlannedFile[], containerHome: string): PlannedFile[];
  /**
   * Checks the stdio commands in the container, reports each missing one through `say`, and
   * returns what the session record keeps (null when no server was chosen).
   */
  check(
    engine: Engine,
    containerId: string,
    user: string,
    say: (message: string) => void,
  ): Promise<SessionMcp | null>;
}

/** The message for a missing command, the same in the progress, the log and the CLI. */
export function missingMessage(m: { name: string; command: string }): string {
  return `MCP server ${m.name}: command ${displayCommand(m.command, [])} is not in the image`;
}

export class McpService {
  constructor(private readonly host: PlatformEnv) {}

  /** The repository root of a folder (the key its sessions use), else the folder itself. */
  async projectRoot(folder: string): Promise<string> {
    const dir = await checkFolder(folder);
    const r = await runGit(dir, ['rev-parse', '--show-toplevel']);
    const top = r.code === 0 ? r.stdout.toString('utf8').trim() : '';
    return top !== '' ? top : dir;
  }

  async list(projectDir: string): Promise<McpServerList> {
    const root = await this.projectRoot(projectDir);
    const loaded = await loadConfig({ projectDir: root, ...this.host });
    if (!loaded.ok) {
      const first = loaded.issues[0];
      throw new AppError(
        'config-invalid',
        `The config has ${loaded.issues.length} problem(s)${first ? `, first: ${formatConfigIssue(first)}` : ''}`,
        'fix the config file; the MCP servers are read from the Claude config it names (claudeConfigPath)',
      );
    }
    const source = await readMcpSource({
      env: this.host.env,
      homeDir: this.host.homeDir,
      claudeConfigPath: loaded.config.claudeConfigPath,
    });
    const saved = await chosenMcpServers(this.host, root);
    const known = new Set(source.servers.map((s) => s.name));
    const gone = saved.filter((n) => !known.has(n));
    return {
      source: source.path,
      servers: source.servers.map(summarize),
      chosen: saved.filter((n) => known.has(n)),
      problems: [
        ...source.problems,
        ...gone.map(
          (n) => `MCP server ${n} is chosen for this project but is not in ${source.path}`,
        ),
      ],
    };
  }

  async choose(projectDir: string, names: readonly string[]): Promise<McpServerList> {
    const root = await this.projectRoot(projectDir);
    const current = await this.list(root);
    const known = new Set(current.servers.map((s) => s.name));
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length > 0) throw unknownServers(unknown, current);
    await setChosenMcpServers(this.host, root, names);
    return this.list(root);
  }

  /**
   * The servers a start gets: `names` when the start names them (unknown ones refuse the start,
   * before any container exists), else the folder's saved choice (a saved name that is gone is
   * said in the log and skipped).
   */
  async planStart(input: {
    folder: string;
    config: ResolvedConfig;
    names?: readonly string[] | undefined;
  }): Promise<McpStart> {
    const explicit = input.names !== undefined;
    const names = input.names ?? (await chosenMcpServers(this.host, input.folder));
    const source =
      names.length === 0
        ? { path: '', servers: [], problems: [] }
        : await readMcpSource({
            env: this.host.env,
            homeDir: this.host.homeDir,
            claudeConfigPath: input.config.claudeConfigPath,
          });
    const byName = new Map(source.servers.map((s) => [s.name, s]));
    const unknown = [...new Set(names)].filter((n) => !byName.has(n));
    if (explicit && unknown.length > 0) {
      throw unknownServers(unknown, {
        source: source.path,
        servers: source.servers.map(summarize),
        problems: source.problems,
      });
    }
    const servers = [...new Set(names)].flatMap((n) => byName.get(n) ?? []);
    const problems = unknown.map(
      (n) =>
        `MCP server ${n} is chosen for this project but is not in ${source.path}; the session starts without it`,
    );
    return {
      servers,
      problems,
      secrets: servers.flatMap(secretsOf),
      addTo: (files, home) => withMcpServers(files, home, servers),
      check: async (engine, containerId, user, say) => {
        if (servers.length === 0) return null;
        const r = await checkMcpCommands(engine, containerId, user, servers);
        if (r.error) say(`the MCP servers' commands could not be checked: ${r.error}`);
        for (const m of r.missing) say(missingMessage(m));
        return { servers: servers.map((s) => s.name), missing: r.missing };
      },
    };
  }
}

/** Values a server carries that must not reach a log: env, headers, URL user info and query. */
export function secretsOf(def: McpDefinition): string[] {
  const out: string[] = [];
  for (const key of ['env', 'headers'] as const) {
    const map = def.raw[key];
    if (typeof map === 'object' && map !== null) {
      for (const v of Object.values(map)) if (typeof v === 'string') out.push(v);
    }
  }
  if (def.url !== undefined) {
    try {
      const u = new URL(def.url);
      out.push(decodeURIComponent(u.username), decodeURIComponent(u.password));
      for (const v of u.searchParams.values()) out.push(v);
    } catch {
      // An unparsable URL is shown masked whole (summary.ts); nothing to pick out here.
    }
  }
  return out.filter((v) => v !== '');
}

function unknownServers(
  unknown: readonly string[],
  list: Pick<McpServerList, 'source' | 'servers' | 'problems'>,
): AppError {
  const names = list.servers.map((s) => s.name);
  return new AppError(
    'mcp-unknown-server',
    `no MCP server named ${unknown.join(', ')} in ${list.source || 'your Claude config'}`,
    names.length > 0
      ? `your MCP servers are: ${names.join(', ')} (claude-run mcp lists them)`
      : 'add servers on this machine with `claude mcp add --scope user …`, then choose them',
  );
}
