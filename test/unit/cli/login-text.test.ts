/**
 * `claude-run login`: the host login and each session's row as text (names, states in words,
 * messages cleaned of control characters), and a real run from source against a temp home:
 * the host's account and expiry, never the token.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loginText } from '../../../src/cli/commands/login';
import type { LoginSyncReport } from '../../../src/shared/schemas/claude-login';
import { claudeJsonText, loginText as credentialsText } from '../../helpers/login-fixture';

const report: LoginSyncReport = {
  host: {
    store: 'file',
    source: '/home/ada/.claude/.credentials.json',
    account: 'ada@example.com',
    expiresAt: '2026-12-04T18:00:00.000Z',
    expired: false,
  },
  sessions: [
    {
      sessionId: 's-1',
      account: 'ada@example.com',
      expiresAt: '2026-12-04T18:00:00.000Z',
      lastSyncedAt: '2026-12-04T10:00:00.000Z',
      state: 'pushed',
    },
    {
      sessionId: 's-2',
      account: null,
      expiresAt: null,
      lastSyncedAt: null,
      state: 'corrupt',
      message: "the session's login file is ignored: not valid JSON\u001b[2J",
    },
  ],
  active: true,
  longLivedTokenHint: 'run `claude setup-token`',
};

describe('claude-run login', () => {
  it('prints the host login and a row per session', () => {
    const text = loginText(report, { 's-1': 'fix-tests' });
    expect(text).toContain('Host login: /home/ada/.claude/.credentials.json');
    expect(text).toContain('account: ada@example.com');
    expect(text).toMatch(/fix-tests\s+ada@example.com\s+2026-12-04T18:00:00.000Z/);
    expect(text).toContain('updated from this machine');
    expect(text).toContain('not a valid login: ignored');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('claude setup-token');
  });

  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('runs from source against a home with a login: account and expiry, no token', async () => {
    const d = mkdtempSync(join(tmpdir(), 'ccr-cli-login-'));
    dirs.push(d);
    mkdirSync(join(d, 'home', '.claude'), { recursive: true });
    const expires = Date.now() + 3_600_000;
    writeFileSync(
      join(d, 'home', '.claude', '.credentials.json'),
      credentialsText('tok-CLI-SECRET', expires),
    );
    writeFileSync(join(d, 'home', '.claude.json'), claudeJsonText('uuid-cli', 'cli@example.com'));
    const root = resolve(__dirname, '../../..');
    const out = await new Promise<string>((done, fail) =>
      execFile(
        process.execPath,
        [
          join(root, 'node_modules/tsx/dist/cli.mjs'),
          join(root, 'src/cli/index.ts'),
          'login',
          '--json',
        ],
        {
          cwd: d,
          env: {
            PATH: process.env.PATH,
            HOME: join(d, 'home'),
            CCR_DATA_DIR: join(d, 'data'),
            NO_COLOR: '1',
          },
          timeout: 60_000,
        },
        (err, stdout, stderr) =>
          err ? fail(new Error(`${err.message}\n${stderr}`)) : done(stdout),
      ),
    );
    expect(out).not.toContain('tok-CLI-SECRET');
    const r = JSON.parse(out) as LoginSyncReport;
    expect(r.host).toMatchObject({
      store: 'file',
      account: 'cli@example.com',
      expiresAt: new Date(expires).toISOString(),
      expired: false,
    });
    expect(r.sessions).toEqual([]);
  }, 90_000);
});
