/**
 * The MCP commands' arguments and output: `--mcp a,b|none` and `mcp choose` names (a clear
 * refusal otherwise, before anything runs), and the list as text: a checkbox per server, the
 * command or URL, the names of env variables and headers, the folder's choice, problems as notes.
 */
import { describe, expect, it } from 'vitest';
import { mcpListText, parseMcpNames } from '../../../src/cli/commands/mcp';
import { runCli as runProgram } from '../../../src/cli/program';
import { capturedDeps } from './captured-deps';
import type { McpServerList } from '../../../src/shared/schemas/mcp';

describe('--mcp and mcp choose names', () => {
  it('takes names separated by commas (trimmed, once each), or none', () => {
    expect(parseMcpNames('github, files,github')).toEqual(['github', 'files']);
    expect(parseMcpNames('none')).toEqual([]);
    expect(parseMcpNames('@scope:srv.v2')).toEqual(['@scope:srv.v2']);
  });

  it.each([
    [',', /--mcp needs MCP server names/],
    ['a,b c', /--mcp: "b c" is not an MCP server name/],
    ['a,\u001b[2J', /--mcp: "\?\[2J" is not an MCP server name/],
  ])('refuses %j', (value, message) => {
    expect(() => parseMcpNames(value)).toThrow(message);
  });

  it.each([
    [['mcp', 'choose'], /missing required argument 'names'/],
    [['mcp', 'list', '--bogus'], /unknown option '--bogus'/],
  ])('refuses %j before running anything', async (argv, message) => {
    const run = capturedDeps();
    expect(await runProgram(argv, run.deps)).toBe(1);
    expect(run.stderr()).toMatch(message);
  });
});

describe('the list as text', () => {
  const list: McpServerList = {
    source: '/home/me/.claude.json',
    servers: [
      {
        name: 'gh',
        kind: 'stdio',
        command: 'npx -y server-github',
        envNames: ['GH_TOKEN'],
        headerNames: [],
      },
      {
        name: 'docs',
        kind: 'http',
        url: 'https://docs.example/mcp?key=***',
        envNames: [],
        headerNames: ['Authorization', 'X-Team'],
      },
      { name: 'bare', kind: 'stdio', command: 'tool', envNames: [], headerNames: [] },
    ],
    chosen: ['docs'],
    problems: [
      'MCP server ide skipped: its type "sse-ide" is not one a container can use (stdio, http, sse)',
    ],
  };

  it('shows each server with its checkbox, command or URL and names; the choice; notes', () => {
    expect(mcpListText(list, '/work/app')).toBe(
      [
        'MCP servers in /home/me/.claude.json (values of env and headers are never shown):',
        '     NAME  KIND   COMMAND OR URL                    ENV / HEADERS',
        '[ ]  gh    stdio  npx -y server-github              GH_TOKEN',
        '[x]  docs  http   https://docs.example/mcp?key=***  Authorization, X-Team',
        '[ ]  bare  stdio  tool                              -',
        'Sessions of /work/app get: docs.',
        'Change it with `claude-run mcp choose <a,b|none>`; one start only: `start --mcp a,b`.',
        'note: MCP server ide skipped: its type "sse-ide" is not one a container can use (stdio, http, sse)',
        '',
      ].join('\n'),
    );
  });

  it('no servers: says where it looked and how to add one', () => {
    const text = mcpListText({ ...list, servers: [], chosen: [], problems: [] }, '/w');
    expect(text).toBe(
      'No MCP servers in /home/me/.claude.json.\nAdd one on this machine with `claude mcp add --scope user …`; sessions get none.\n',
    );
  });
});
