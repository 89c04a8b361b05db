/**
 * The network commands' arguments and output: `start --network/--allow/--preset` become the
 * start's network choice (or a clear refusal), `allow` takes host patterns only, `port` a port
 * number; `claude-run network` shows the policy, the gateway's state (and that a waiting one
 * leaves the agent without network), and each denial newest first with the command allowing
 * it; `ports` shows "3000 · node". Text from the container cannot repaint the terminal.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHostPattern } from '../../../src/cli/commands/network';
import {
  denialLines,
  formatTime,
  networkText,
  patternFor,
  portLine,
} from '../../../src/cli/commands/network-format';
import { networkChoice } from '../../../src/cli/commands/start-network';
import { runCli as runProgram } from '../../../src/cli/program';
import { capturedDeps } from './captured-deps';
import type { NetworkState } from '../../../src/shared/schemas/network';
import { runCli } from './run-cli';

/** An ISO time whose local clock reads 12:31:05 on 2026-12-04, whatever the TZ. */
const AT = new Date(2026, 11, 4, 12, 31, 5).toISOString();

describe('start --network', () => {
  it('takes the modes and engine network names as they are', () => {
    expect(networkChoice({})).toBeUndefined();
    for (const m of ['default', 'none', 'host', 'my-net_1.x'])
      expect(networkChoice({ network: m })).toBe(m);
  });

  it('--allow and --preset make an allowlist of exactly what they name', () => {
    expect(networkChoice({ network: 'allowlist' })).toEqual({
      egress: 'allowlist',
      allow: [],
      presets: [],
    });
    expect(
      networkChoice({
        allow: ['Allowed.Example:443', '*.npmjs.org', 'allowed.example:443'],
        preset: ['GitHub', 'npm'],
      }),
    ).toEqual({
      egress: 'allowlist',
      allow: ['allowed.example:443', '*.npmjs.org'],
      presets: ['github', 'npm'],
    });
  });

  it('refuses what is not a network, a pattern or a preset', () => {
    expect(() => networkChoice({ network: 'none', allow: ['a.com'] })).toThrow(
      /--allow and --preset make an allowlist; --network none is not one/,
    );
    expect(() => networkChoice({ network: 'bad net' })).toThrow(/"bad net" is not a network/);
    expect(() => networkChoice({ allow: ['http://a.com/'] })).toThrow(
      /--allow "http:\/\/a.com\/" is not a host pattern/,
    );
    expect(() => networkChoice({ preset: ['npmjs'] })).toThrow(/--preset "npmjs" is not a preset/);
  });
});

describe('host patterns', () => {
  it('accepts names, *.domain, IP literals, with an optional port; lowercases them', () => {
    expect(parseHostPattern('GitHub.com')).toBe('github.com');
    expect(parseHostPattern('*.npmjs.org')).toBe('*.npmjs.org');
    expect(parseHostPattern('pypi.org:443')).toBe('pypi.org:443');
    expect(parseHostPattern('10.0.0.5:8080')).toBe('10.0.0.5:8080');
    expect(parseHostPattern('[::1]:3000')).toBe('[::1]:3000');
  });

  it.each(['', 'a b.com', 'https://x.com', 'x.com/path', '*x.com', 'a.*.com', 'x.com:70000'])(
    'refuses %j with what a pattern looks like',
    (bad) => {
      expect(() => parseHostPattern(bad)).toThrow(/is not a host pattern/);
      try {
        parseHostPattern(bad);
      } catch (e) {
        expect((e as { hint?: string }).hint).toMatch(/\*\.domain/);
      }
    },
  );
});

describe('claude-run network output', () => {
  const state: NetworkState = {
    sessionId: 'sess-1',
    policy: { egress: 'allowlist', allow: ['allowed.example:443'], presets: ['github'] },
    sessionAllow: ['extra.example'],
    gateway: 'waiting',
    denied: [
      { at: AT, host: 'denied.example', port: 443, reason: 'not-allowed', process: 'curl' },
      { at: AT, host: 'db.internal', port: 5432, reason: 'private-address' },
      { at: AT, host: 'api.example', port: 8443, reason: 'not-allowed', process: 'node' },
      { at: AT, host: '', port: 0, reason: 'bad-request', process: 'nc' },
    ],
  };

  it('shows the policy, the waiting gateway, and each denial with the command that allows it', () => {
    expect(networkText(state, 'fix-tests')).toBe(
      [
        'Session fix-tests',
        'Network: allowlist (only the hosts below and the agent’s own API are reachable)',
        '  presets: github',
        '  allow: allowed.example:443',
        '  allowed for this session: extra.example',
        'Gateway: waiting. The agent has no network until the desktop app or a long-running claude-run (start, attach, web) serves this session.',
        'Denied (newest first):',
        '  2026-12-04 12:31:05  denied.example:443  curl  not on the allowlist',
        '      claude-run allow denied.example sess-1',
        '  2026-12-04 12:31:05  db.internal:5432  ?  resolves to a private address',
        '      allow its address itself (an IP pattern) to reach a private address',
        '  2026-12-04 12:31:05  api.example:8443  node  not on the allowlist',
        '      claude-run allow api.example:8443 sess-1',
        '  2026-12-04 12:31:05  ?:0  nc  not a proxy request',
        '',
      ].join('\n'),
    );
  });

  it('says plainly what an open or closed network is, without a gateway line', () => {
    const open = networkText({ ...state, policy: 'default', gateway: 'off', denied: [] }, 's');
    expect(open).toBe(
      'Session s\nNetwork: default (the engine’s network: the agent can reach any host)\n',
    );
    expect(networkText({ ...state, policy: 'none', gateway: 'off', denied: [] }, 's')).toContain(
      'Network: none (no network at all)',
    );
    expect(networkText({ ...state, policy: 'lab', gateway: 'off', denied: [] }, 's')).toContain(
      'Network: the engine network "lab"',
    );
    expect(networkText({ ...state, gateway: 'serving', denied: [] }, 's')).toMatch(
      /Gateway: serving .*\nNo denied connections\.\n$/,
    );
  });

  it('never lets the container’s text drive the terminal', () => {
    const lines = denialLines(
      { at: AT, host: 'x.example', port: 443, reason: 'not-allowed', process: 'evil\x1b[2J\x07' },
      's',
    );
    expect(lines[0]).toBe('2026-12-04 12:31:05  x.example:443  evil?[2J?  not on the allowlist');
    expect(portLine({ port: 3000, process: 'no\x1b]0;x\x07de' })).toBe('3000 · no?]0;x?de');
  });

  it('allows IPv6 addresses in brackets and skips what no pattern can allow', () => {
    expect(patternFor({ host: 'fd00::1', port: 443, reason: 'not-allowed' })).toBe('[fd00::1]');
    expect(patternFor({ host: 'fd00::1', port: 22, reason: 'not-allowed' })).toBe('[fd00::1]:22');
    expect(patternFor({ host: 'a b', port: 80, reason: 'not-allowed' })).toBeNull();
    expect(formatTime('not a time')).toBe('not a time');
  });

  it('lists ports as "3000 · node", with the loopback URL while forwarded', () => {
    expect(portLine({ port: 3000, process: 'node' })).toBe('3000 · node');
    expect(portLine({ port: 5432 })).toBe('5432');
    expect(portLine({ port: 8080, process: 'perl', hostPort: 49152 })).toBe(
      '8080 · perl  → http://127.0.0.1:49152/',
    );
  });
});

describe('network commands on the command line', () => {
  it.each([
    [['port', 'abc'], /a port is a number from 1 to 65535/],
    [['port', '70000'], /a port is a number from 1 to 65535/],
    [['allow'], /missing required argument 'pattern'/],
    [['ports', '--bogus'], /unknown option '--bogus'/],
  ])('refuses %j before running anything', async (argv, message) => {
    const run = capturedDeps();
    expect(await runProgram(argv, run.deps)).toBe(1);
    expect(run.stderr()).toMatch(message);
  });

  it(
    'refuses a bad pattern or network with error and hint lines, before looking for a session',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ccr-cli-net-args-'));
      const allow = await runCli(['allow', 'https://x.com/'], dir);
      expect(allow.code).toBe(1);
      expect(allow.out).toMatch(
        /^error: the host "https:\/\/x.com\/" is not a host pattern\nhint: /,
      );
      const start = await runCli(['start', '--network', 'host', '--allow', 'a.com'], dir);
      expect(start.code).toBe(1);
      expect(start.out).toContain('error: --allow and --preset make an allowlist');
      expect(start.out).not.toContain('Starting a session');
    },
  );
});
