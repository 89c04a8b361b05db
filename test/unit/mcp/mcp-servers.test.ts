/**
 * The user's MCP servers as the app reads and shows them: entries Claude Code runs are kept
 * (unknown fields too, for the container), others are skipped with a reason that names only the
 * server and the field; summaries carry names of env variables and headers, never their values,
 * and the places people paste tokens (URL user info, query, path, arguments) are masked.
 */
import { describe, expect, it } from 'vitest';
import { parseMcpServers } from '../../../src/main/mcp/definitions';
import { secretsOf } from '../../../src/main/mcp/service';
import { MASK, displayCommand, redactUrl, summarize } from '../../../src/main/mcp/summary';
import { McpServerSummary } from '../../../src/shared/schemas/mcp';

const SECRET = {
  env: 'env-value-canary-7f3a',
  header: 'Bearer header-canary-91c2',
  userinfo: 'pw-canary-5521',
  query: 'query-canary-0be4',
  arg: 'sk-ant-arg-canary-aa11',
  flag: 'flag-canary-3d3d',
  path: 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7',
  bad: 'bad-entry-canary-44ee',
};

const HOST_SERVERS = {
  files: {
    command: 'npx',
    args: [
      '-y',
      '@modelcontextprotocol/server-filesystem',
      '/home/me/projects/some-long-folder-name',
    ],
    env: { GITHUB_TOKEN: SECRET.env, LOG_LEVEL: 'debug' },
    extra: { kept: true },
  },
  search: {
    type: 'http',
    url: `https://bot:${SECRET.userinfo}@mcp.example.com/v1/${SECRET.path}/mcp?api_key=${SECRET.query}&region=eu#frag`,
    headers: { Authorization: SECRET.header, 'X-Team': 'core' },
  },
  events: { type: 'sse', url: 'https://events.example.com/sse' },
  tool: {
    type: 'stdio',
    command: '/usr/local/bin/tool',
    args: [
      '--token',
      SECRET.flag,
      `--api-key=${SECRET.flag}`,
      SECRET.arg,
      'PASSWORD=' + SECRET.flag,
    ],
  },
  ide: { type: 'sse-ide', url: 'ws://127.0.0.1:1234' },
  broken: { command: 42, env: { X: SECRET.bad } },
  'bad name': { command: 'x' },
  empty: 'not-an-object',
};

describe('parseMcpServers', () => {
  it('keeps what Claude Code runs, skips the rest with a reason and no value', () => {
    const r = parseMcpServers(HOST_SERVERS);
    expect(r.servers.map((s) => [s.name, s.kind])).toEqual([
      ['files', 'stdio'],
      ['search', 'http'],
      ['events', 'sse'],
      ['tool', 'stdio'],
    ]);
    // The definition for the container is the entry as written, unknown fields included.
    expect(r.servers[0]!.raw).toEqual(HOST_SERVERS.files);
    expect(r.problems).toEqual([
      'MCP server ide skipped: its type "sse-ide" is not one a container can use (stdio, http, sse)',
      'MCP server broken skipped: "command" is not as expected',
      'MCP server "bad name" skipped: its name has characters other than letters, digits, "_", ".", "@", ":" and "-"',
      'MCP server empty skipped: its entry is not an object',
    ]);
    expect(JSON.stringify(r.problems)).not.toContain(SECRET.bad);
  });

  it('no mcpServers is no servers; a non-object is one problem', () => {
    expect(parseMcpServers(undefined)).toEqual({ servers: [], problems: [] });
    expect(parseMcpServers([1]).problems).toEqual([
      '"mcpServers" is not an object; no MCP server is offered',
    ]);
  });
});

describe('summaries', () => {
  const summaries = parseMcpServers(HOST_SERVERS).servers.map(summarize);
  const byName = Object.fromEntries(summaries.map((s) => [s.name, s]));

  it('name, kind, command or URL, and the names of env variables and headers', () => {
    for (const s of summaries) McpServerSummary.parse(s);
    expect(byName.files).toEqual({
      name: 'files',
      kind: 'stdio',
      command:
        'npx -y @modelcontextprotocol/server-filesystem /home/me/projects/some-long-folder-name',
      envNames: ['GITHUB_TOKEN', 'LOG_LEVEL'],
      headerNames: [],
    });
    expect(byName.search).toEqual({
      name: 'search',
      kind: 'http',
      url: `https://${MASK}@mcp.example.com/v1/${MASK}/mcp?api_key=${MASK}&region=${MASK}#${MASK}`,
      envNames: [],
      headerNames: ['Authorization', 'X-Team'],
    });
    expect(byName.events!.url).toBe('https://events.example.com/sse');
    expect(byName.tool!.command).toBe(
      `/usr/local/bin/tool --token ${MASK} --api-key=${MASK} ${MASK} PASSWORD=${MASK}`,
    );
  });

  it('never carry a value of env, headers, URL credentials or secret arguments', () => {
    const text = JSON.stringify(summaries);
    for (const v of Object.values(SECRET)) expect(text).not.toContain(v);
    expect(text).not.toContain('debug'); // not even harmless env values
    expect(text).not.toContain('core'); // nor header values
  });
});

describe('redaction helpers', () => {
  it('an unparsable URL shows its scheme only', () => {
    expect(redactUrl('https://[broken')).toBe(`https:${MASK}`);
    expect(redactUrl('no url at all')).toBe(MASK);
  });

  it('arguments with spaces are quoted for display; URLs in arguments are redacted', () => {
    expect(displayCommand('node', ['my server.js', 'https://u:p@h.example/x?k=v'])).toBe(
      `node 'my server.js' https://${MASK}@h.example/x?k=${MASK}`,
    );
    expect(displayCommand('docker', ['run', '-e', 'GITHUB_TOKEN', 'ghcr.io/x/y:1'])).toBe(
      'docker run -e GITHUB_TOKEN ghcr.io/x/y:1',
    );
  });
});

describe('what setup output is redacted of', () => {
  it('env and header values, URL user info and query values', () => {
    const byName = Object.fromEntries(
      parseMcpServers(HOST_SERVERS).servers.map((s) => [s.name, s]),
    );
    expect(secretsOf(byName.files!)).toEqual([SECRET.env, 'debug']);
    expect(secretsOf(byName.search!)).toEqual([
      SECRET.header,
      'core',
      'bot',
      SECRET.userinfo,
      SECRET.query,
      'eu',
    ]);
    expect(secretsOf(byName.events!)).toEqual([]);
  });
});
