/**
 * The user's MCP servers through a real session start, once per engine (fixture image, user
 * `agent`, the real credentials planner): the chosen servers land in the container's
 * ~/.claude.json with their env, the unchosen ones do not, a stdio server whose command is not
 * in the image is flagged in the start's progress, the session log and the session record
 * before the agent starts, and no env value shows up in any event the app emitted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { planCredentials } from '../../src/main/credentials';
import { McpService } from '../../src/main/mcp';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { describeEachEngine } from '../helpers/engines';
import { git } from '../helpers/fixture-repo';
import { makeHarness, type Harness } from '../helpers/session-harness';

const CHOSEN_SECRET = 'mcp-chosen-env-canary-41d0';
const UNCHOSEN_SECRET = 'mcp-unchosen-env-canary-9e77';
const HEADER_SECRET = 'mcp-header-canary-05ab';
const MISSING = 'mcp-server-not-in-this-image';
const SERVERS = {
  tools: { command: 'bash', args: ['-c', 'exit 0'], env: { TOOLS_TOKEN: CHOSEN_SECRET } },
  absent: { command: MISSING, args: ['--stdio'] },
  secret: { command: 'sh', env: { OTHER_TOKEN: UNCHOSEN_SECRET } },
  remote: {
    type: 'http',
    url: 'https://mcp.example.com/mcp',
    headers: { Authorization: HEADER_SECRET },
  },
};

describeEachEngine('MCP servers in a real session', (te) => {
  let h: Harness;
  let repoDir: string;
  let mcp: McpService;
  let explicit: SessionInfo;

  const homeFile = async (s: SessionInfo) => {
    const r = await h.engine.exec(s.containerId!, {
      cmd: ['sh', '-c', 'stat -c "%a %U" ~/.claude.json && cat ~/.claude.json'],
      user: s.containerUser,
    });
    expect(r.stderr.toString()).toBe('');
    const [mode, ...json] = r.stdout.toString().split('\n');
    return { mode, json: JSON.parse(json.join('\n')) as Record<string, unknown> };
  };
  const eventsOf = (id: string, name: string) =>
    h.events.filter(
      (e) => e.name === name && (e.payload as { sessionId: string }).sessionId === id,
    );

  beforeAll(async () => {
    h = await makeHarness(te.address, (input) => planCredentials(input));
    writeFileSync(
      join(h.homeDir, '.claude.json'),
      JSON.stringify({ hasCompletedOnboarding: true, mcpServers: SERVERS }),
    );
    mcp = new McpService({ env: {}, homeDir: h.homeDir, platform: 'linux' });
    repoDir = mkdtempSync(join(tmpdir(), 'ccr-mcp-repo-'));
    git(repoDir, 'init', '-q', '-b', 'main');
    writeFileSync(join(repoDir, 'a.txt'), 'a\n');
    git(repoDir, 'add', '.');
    git(repoDir, 'commit', '-q', '-m', 'init');
    const manager = h.manager({ mcp: (input) => mcp.planStart(input) });
    await manager.init();
    explicit = await manager.start({
      folder: repoDir,
      // A careless setup command that prints the servers' config: its output is redacted.
      configPath: h.config({
        agent: { command: ['sleep', '300'] },
        setupCommands: ['cat ~/.claude.json'],
      }),
      mcpServers: ['tools', 'absent'],
    });
  }, 600_000);

  afterAll(async () => {
    await h?.cleanup();
    if (repoDir) rmSync(repoDir, { recursive: true, force: true });
  });

  it('the chosen servers land in ~/.claude.json with their env; the others do not', async () => {
    expect(explicit.status).toBe('running');
    const { mode, json } = await homeFile(explicit);
    expect(mode).toBe('600 agent');
    expect(json.hasCompletedOnboarding).toBe(true); // the credentials planner's copy, merged
    expect(json.mcpServers).toEqual({ tools: SERVERS.tools, absent: SERVERS.absent });
    const text = JSON.stringify(json);
    expect(text).not.toContain(UNCHOSEN_SECRET);
    expect(text).not.toContain(HEADER_SECRET);
  });

  it('a missing command is flagged before the agent starts: progress, log and record', async () => {
    const said = `MCP server absent: command ${MISSING} is not in the image`;
    expect(explicit.mcp).toEqual({
      servers: ['tools', 'absent'],
      missing: [{ name: 'absent', command: MISSING }],
    });
    const progress = eventsOf(explicit.id, 'sessionProgress').map(
      (e) => (e.payload as { message: string }).message,
    );
    expect(progress).toContain(said);
    // Said before the agent was started.
    expect(progress.indexOf(said)).toBeLessThan(progress.indexOf('starting the agent'));
    const log = eventsOf(explicit.id, 'sessionLog')
      .map((e) => (e.payload as { text: string }).text)
      .join('');
    expect(log).toContain(`warning: ${said}`);
    expect(log).not.toContain('MCP server tools'); // bash is there
  });

  it('without a choice in the start, the project\u2019s saved one applies', async () => {
    await mcp.choose(repoDir, ['remote']);
    const manager = h.manager({ mcp: (input) => mcp.planStart(input) });
    await manager.init();
    const s = await manager.start({
      folder: repoDir,
      configPath: h.config({ agent: { command: ['sleep', '300'] } }),
    });
    const { json } = await homeFile(s);
    expect(json.mcpServers).toEqual({ remote: SERVERS.remote });
    expect(s.mcp).toEqual({ servers: ['remote'], missing: [] });
  });

  it('an unknown name refuses the start before any container exists', async () => {
    const manager = h.manager({ mcp: (input) => mcp.planStart(input) });
    await manager.init();
    await expect(
      manager.start({
        folder: repoDir,
        configPath: h.config({ agent: { command: ['sleep', '300'] } }),
        mcpServers: ['nope'],
      }),
    ).rejects.toMatchObject({ code: 'mcp-unknown-server' });
    expect(manager.list().sessions.filter((x) => x.status === 'failed')).toEqual([]);
  });

  it('no env or header value in any event the app emitted', () => {
    const events = JSON.stringify(h.events);
    expect(events).toContain('sessionStatus');
    expect(events).toContain('\\"TOOLS_TOKEN\\": \\"[redacted]\\"'); // the setup output, redacted
    for (const v of [CHOSEN_SECRET, UNCHOSEN_SECRET, HEADER_SECRET]) {
      expect(events).not.toContain(v);
    }
  });
});
