/**
 * The MCP domain against real files: the servers listed from the host's ~/.claude.json (or
 * $CLAUDE_CONFIG_DIR's), the project's choice kept in the user-level config only (a repository
 * file may not set it), and what a start gets: exactly the chosen definitions merged into the
 * container's ~/.claude.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { McpService } from '../../../src/main/mcp';
import { makeFixture, type Fixture } from '../config/fixture';

const ENV_SECRET = 'mcp-env-canary-2b7e';
const HEADER_SECRET = 'mcp-header-canary-c0d1';
const SERVERS = {
  files: { command: 'npx', args: ['-y', 'server-files'], env: { API_TOKEN: ENV_SECRET } },
  search: {
    type: 'http',
    url: 'https://mcp.example.com/mcp',
    headers: { Authorization: HEADER_SECRET },
  },
  local: { command: './bin/local-server' },
};

let fx: Fixture;
let env: NodeJS.ProcessEnv;
const service = () => new McpService({ env, homeDir: fx.home, platform: 'linux' });
const userFile = () => path.join(fx.userConfigDir, 'config.json');
const readUser = () => JSON.parse(readFileSync(userFile(), 'utf8')) as Record<string, unknown>;

beforeEach(() => {
  fx = makeFixture({ trusted: false });
  env = {};
  fx.write(path.join(fx.home, '.claude.json'), {
    hasCompletedOnboarding: true,
    mcpServers: SERVERS,
    projects: { '/elsewhere': { mcpServers: { hidden: { command: 'nope' } } } },
  });
});
afterEach(() => fx.cleanup());

describe('listing and choosing', () => {
  it('lists the user-scope servers as summaries, none chosen by default, no value anywhere', async () => {
    const list = await service().list(fx.project);
    expect(list.source).toBe(path.join(fx.home, '.claude.json'));
    expect(list.servers.map((s) => s.name)).toEqual(['files', 'search', 'local']);
    expect(list.servers[0]).toMatchObject({
      command: 'npx -y server-files',
      envNames: ['API_TOKEN'],
    });
    expect(list.servers[1]).toMatchObject({
      url: 'https://mcp.example.com/mcp',
      headerNames: ['Authorization'],
    });
    expect(list.chosen).toEqual([]);
    expect(list.problems).toEqual([]);
    const text = JSON.stringify(list);
    expect(text).not.toContain(ENV_SECRET);
    expect(text).not.toContain(HEADER_SECRET);
    expect(text).not.toContain('hidden'); // per-folder ("local") servers are not user scope
  });

  it('the choice goes into the user-level config for the repository root, and only there', async () => {
    execFileSync('git', ['init', '-q', fx.project]);
    const sub = path.join(fx.project, 'pkg');
    mkdirSync(sub);
    const list = await service().choose(sub, ['search', 'files']);
    expect(list.chosen).toEqual(['search', 'files']);
    expect(readUser()).toEqual({ projectMcpServers: { [fx.project]: ['search', 'files'] } });
    expect((await service().list(fx.project)).chosen).toEqual(['search', 'files']);
    // Another folder has none; the config still loads.
    const other = path.join(fx.root, 'other');
    mkdirSync(other);
    expect((await service().list(other)).chosen).toEqual([]);
    expect((await fx.load()).ok).toBe(true);
    // Choosing none removes the folder's entry (and the key with it).
    await service().choose(fx.project, []);
    expect(readUser()).toEqual({});
  });

  it('keeps the user file\u2019s other settings; refuses unknown names without writing', async () => {
    fx.userConfig({ autoPush: true });
    await expect(service().choose(fx.project, ['nope'])).rejects.toMatchObject({
      code: 'mcp-unknown-server',
      message: expect.stringContaining('nope'),
      hint: expect.stringContaining('files, search, local'),
    });
    expect(readUser()).toEqual({ autoPush: true });
    await service().choose(fx.project, ['local']);
    expect(readUser()).toEqual({ autoPush: true, projectMcpServers: { [fx.project]: ['local'] } });
  });

  it('a saved name that is no longer on the host is a problem, not a choice', async () => {
    fx.userConfig({ projectMcpServers: { [fx.project]: ['files', 'gone'] } });
    const list = await service().list(fx.project);
    expect(list.chosen).toEqual(['files']);
    expect(list.problems).toEqual([
      `MCP server gone is chosen for this project but is not in ${path.join(fx.home, '.claude.json')}`,
    ]);
  });

  it('a project file may not choose MCP servers', async () => {
    fx.projectConfig({ projectMcpServers: { [fx.project]: ['files'] } });
    const r = await fx.load();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues[0]).toMatchObject({
        path: 'projectMcpServers',
        message: expect.stringMatching(/only the user-level config/),
      });
    }
    await expect(service().list(fx.project)).rejects.toMatchObject({ code: 'config-invalid' });
  });

  it('reads .claude.json inside CLAUDE_CONFIG_DIR when the home has none', async () => {
    const dir = path.join(fx.root, 'claude-dir');
    fx.write(path.join(dir, '.claude.json'), { mcpServers: { only: { command: 'x' } } });
    writeFileSync(path.join(fx.home, '.claude.json'), 'not json');
    env = { CLAUDE_CONFIG_DIR: dir };
    const list = await service().list(fx.project);
    expect(list.servers.map((s) => s.name)).toEqual(['only']);
    expect(list.source).toBe(path.join(dir, '.claude.json'));
  });
});

describe('what a start gets', () => {
  const config = () => ({ claudeConfigPath: path.join(fx.home, '.claude.json') }) as never;
  const planned = [
    {
      containerPath: '/home/agent/.claude.json',
      content: Buffer.from(JSON.stringify({ hasCompletedOnboarding: true, theme: 'dark' })),
      mode: 0o600,
    },
    { containerPath: '/home/agent/.claude/settings.json', content: Buffer.from('{}'), mode: 0o600 },
  ];

  it('the chosen definitions, env included, merged into the planned ~/.claude.json', async () => {
    const start = await service().planStart({
      folder: fx.project,
      config: config(),
      names: ['files'],
    });
    const files = start.addTo(planned, '/home/agent');
    expect(files).toHaveLength(2);
    expect(files[1]).toBe(planned[1]);
    expect(files[0]!.mode).toBe(0o600);
    expect(JSON.parse(files[0]!.content.toString())).toEqual({
      hasCompletedOnboarding: true,
      theme: 'dark',
      mcpServers: { files: SERVERS.files },
    });
    // What the setup commands' output is redacted of.
    expect(start.secrets).toEqual([ENV_SECRET]);
  });

  it('no planned copy: a file with only the servers; none chosen: files unchanged', async () => {
    fx.userConfig({ projectMcpServers: { [fx.project]: ['search'] } });
    const saved = await service().planStart({ folder: fx.project, config: config() });
    const [file] = saved.addTo([], '/root/');
    expect(file).toMatchObject({ containerPath: '/root/.claude.json', mode: 0o600 });
    expect(JSON.parse(file!.content.toString())).toEqual({
      mcpServers: { search: SERVERS.search },
    });
    const none = await service().planStart({ folder: fx.project, config: config(), names: [] });
    expect(none.addTo(planned, '/home/agent')).toEqual(planned);
  });

  it('an unknown name refuses the start; a saved one that is gone is said and skipped', async () => {
    await expect(
      service().planStart({ folder: fx.project, config: config(), names: ['files', 'nope'] }),
    ).rejects.toMatchObject({ code: 'mcp-unknown-server' });
    fx.userConfig({ projectMcpServers: { [fx.project]: ['gone', 'local'] } });
    const start = await service().planStart({ folder: fx.project, config: config() });
    expect(start.servers.map((s) => s.name)).toEqual(['local']);
    expect(start.problems).toEqual([
      expect.stringMatching(
        /^MCP server gone is chosen for this project but is not in .*; the session starts without it$/,
      ),
    ]);
  });
});
