/**
 * `claude-run mcp`, `mcp choose` and `start --mcp` on a real engine: the list shows your
 * servers with names of env variables and headers and never a value, the choice is kept in your
 * user config (not the repository), and a start with --mcp puts exactly those servers into the
 * container's ~/.claude.json, saying which command is missing from the image.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CliContext } from '../../src/cli/commands/context';
import { mcpChooseCommand, mcpListCommand } from '../../src/cli/commands/mcp';
import { startCommand } from '../../src/cli/commands/start';
import { userConfigPath } from '../../src/main/config/paths';
import { LABELS } from '../../src/main/engine/labels';
import type { McpServerList } from '../../src/shared/schemas/mcp';
import { TEST_BASE_IMAGE, describeEachEngine } from '../helpers/engines';
import { Capture, type CliFixture, cliFixture } from './cli-fixture';

const ENV_SECRET = 'cli-mcp-env-canary-6a1f';
const HEADER_SECRET = 'cli-mcp-header-canary-d3e9';
const MISSING = 'mcp-cli-not-in-image';
const SERVERS = {
  tools: { command: 'sh', args: ['-c', 'exit 0'], env: { TOOLS_TOKEN: ENV_SECRET } },
  absent: { command: MISSING },
  remote: { type: 'sse', url: 'https://mcp.example.com/sse', headers: { 'X-Key': HEADER_SECRET } },
};
const SLOW = { timeout: 300_000 };

describeEachEngine('claude-run mcp, mcp choose and start --mcp', (te) => {
  let f: CliFixture;
  let userFile: string;

  beforeAll(async () => {
    f = await cliFixture(te);
    f.env.CCR_SCOPE_LABEL = `${LABELS.repo}=${f.repo}`;
    writeFileSync(join(f.homeDir, '.claude.json'), JSON.stringify({ mcpServers: SERVERS }));
    userFile = userConfigPath({ env: f.env, homeDir: f.homeDir, platform: process.platform });
    mkdirSync(dirname(userFile), { recursive: true });
    writeFileSync(
      userFile,
      JSON.stringify({
        dockerImage: TEST_BASE_IMAGE,
        buildImage: false,
        network: 'none',
        containerPrefix: 'ccr-it-cli-mcp',
        agent: { command: ['sleep', 'infinity'] },
      }),
    );
  }, 300_000);

  afterAll(async () => {
    for (const c of await f.engine.listContainers({ [LABELS.repo]: f.repo }, { all: true }))
      await f.engine.removeContainer(c.id, { force: true }).catch(() => undefined);
    await f?.dispose();
  });

  it('lists the servers with env and header names, never their values', async () => {
    const r = await f.run((ctx) => mcpListCommand(ctx, {}));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`MCP servers in ${join(f.homeDir, '.claude.json')}`);
    expect(r.stdout).toMatch(/\[ \] {2}tools +stdio +sh -c 'exit 0' +TOOLS_TOKEN\n/);
    expect(r.stdout).toMatch(/\[ \] {2}remote +sse +https:\/\/mcp\.example\.com\/sse +X-Key\n/);
    expect(r.stdout).toContain('get none.');
    const json = await f.run((ctx) => mcpListCommand(ctx, { json: true }));
    const list = JSON.parse(json.stdout) as McpServerList;
    expect(list.servers.map((s) => s.name)).toEqual(['tools', 'absent', 'remote']);
    for (const out of [r.stdout, json.stdout]) {
      expect(out).not.toContain(ENV_SECRET);
      expect(out).not.toContain(HEADER_SECRET);
    }
  });

  it('mcp choose keeps the choice in the user config; unknown names are refused', async () => {
    const r = await f.run((ctx) => mcpChooseCommand(ctx, 'remote,tools', {}));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/now get: remote, tools \(in your user config\)/);
    const saved = JSON.parse(readFileSync(userFile, 'utf8')) as {
      projectMcpServers?: Record<string, string[]>;
    };
    expect(Object.values(saved.projectMcpServers ?? {})).toEqual([['remote', 'tools']]);
    expect(execFileSync('git', ['-C', f.repo, 'status', '--porcelain'], { encoding: 'utf8' })).toBe(
      '',
    );
    const listed = await f.run((ctx) => mcpListCommand(ctx, {}));
    expect(listed.stdout).toMatch(/\[x\] {2}tools/);
    expect(listed.stdout).toMatch(/\[ \] {2}absent/);

    const bad = await f.run((ctx) => mcpChooseCommand(ctx, 'nope', {}));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^error: no MCP server named nope in .*\nhint: your MCP servers are: tools, absent, remote/,
    );
    const none = await f.run((ctx) => mcpChooseCommand(ctx, 'none', {}));
    expect(none.stdout).toMatch(/now get no MCP servers/);
  });

  it('start --mcp writes exactly those servers and flags the missing command', SLOW, async () => {
    const stderr = new Capture();
    const stdout = new Capture();
    const ctx = new CliContext({
      io: { stdout, stderr, stdin: Readable.from(['']), env: f.env, cwd: f.repo },
      version: '0.0.0-test',
      homeDir: f.homeDir,
      // The web UI is not under test: a server that is never browsed.
      web: async () => ({ url: 'http://127.0.0.1:9/', close: async () => undefined }),
    });
    const stop = new AbortController();
    const starting = startCommand(
      ctx,
      { name: `mcp-${f.scope}`, mcp: 'tools,absent' },
      stop.signal,
    );
    try {
      await Promise.race([
        starting.then(() => {
          throw new Error(`start ended: ${stderr.text}${stdout.text}`);
        }),
        expect
          .poll(() => stdout.text, { timeout: 240_000, interval: 250 })
          .toMatch(/Session \S+ is running/),
      ]);
      expect(stderr.text).toContain(`MCP server absent: command ${MISSING} is not in the image`);
      const { sessions } = await (await ctx.getApi()).listSessions({});
      const s = sessions.find((x) => x.branch === `claude/mcp-${f.scope}`)!;
      expect(s.mcp).toEqual({
        servers: ['tools', 'absent'],
        missing: [{ name: 'absent', command: MISSING }],
      });
      const r = await f.engine.exec(s.containerId!, {
        cmd: ['sh', '-c', 'cat "$HOME/.claude.json"'],
        user: s.containerUser || undefined,
      });
      const json = JSON.parse(r.stdout.toString()) as { mcpServers?: unknown };
      expect(json.mcpServers).toEqual({ tools: SERVERS.tools, absent: SERVERS.absent });
      expect(stderr.text + stdout.text).not.toContain(ENV_SECRET);
    } finally {
      stop.abort();
      await starting.catch(() => undefined);
      await ctx.dispose().catch(() => undefined);
    }
  });

  it('start --mcp with a name that is not a server refuses the start', async () => {
    const r = await f.run((ctx) => startCommand(ctx, { mcp: 'tools,,bad name' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: --mcp: "bad name" is not an MCP server name/);
  });
});
