import { describe, expect, it } from 'vitest';
import {
  CANARY,
  CONTAINER_HOME,
  entry,
  fakeHome,
  fileAt,
  oauthFile,
  plan,
} from '../../helpers/fake-home';

describe('Claude login discovery', () => {
  it('finds nothing in an empty home and says the user must log in', async () => {
    const p = await plan(await fakeHome());
    expect(p.report.provider).toBe('anthropic');
    expect(p.report.claudeAuthForwarded).toBe(false);
    expect(p.env).toEqual({});
    // Only the runner's attention hooks go in: no login, no user settings.
    expect(p.files.map((f) => f.containerPath)).toEqual([
      `${CONTAINER_HOME}/.claude/settings.json`,
    ]);
    expect(JSON.parse(p.files[0]!.content.toString('utf8'))).toEqual({
      hooks: expect.objectContaining({ Stop: expect.any(Array), Notification: expect.any(Array) }),
    });
    expect(entry(p, 'anthropic-api-key')).toMatchObject({ found: false, forwarded: false });
    expect(p.report.notes.join(' ')).toMatch(/\/login/);
  });

  it('forwards ANTHROPIC_API_KEY and CLAUDE_CODE_OAUTH_TOKEN from the env', async () => {
    const p = await plan(await fakeHome(), {
      env: {
        ANTHROPIC_API_KEY: CANARY.apiKey,
        CLAUDE_CODE_OAUTH_TOKEN: CANARY.oauthEnv,
        PATH: '/usr/bin',
      },
    });
    expect(p.env).toEqual({
      ANTHROPIC_API_KEY: CANARY.apiKey,
      CLAUDE_CODE_OAUTH_TOKEN: CANARY.oauthEnv,
    });
    expect(entry(p, 'anthropic-api-key')).toMatchObject({
      found: true,
      forwarded: true,
      source: 'env ANTHROPIC_API_KEY',
      target: 'env ANTHROPIC_API_KEY',
    });
    expect(entry(p, 'claude-oauth-token')).toMatchObject({ found: true, forwarded: true });
    expect(p.report.claudeAuthForwarded).toBe(true);
  });

  it('a key set in the config environment wins over the host env and says so', async () => {
    const p = await plan(await fakeHome(), {
      env: { ANTHROPIC_API_KEY: 'sk-host-key-that-is-overridden-0000' },
      config: { environment: { ANTHROPIC_API_KEY: CANARY.apiKey } },
    });
    expect(p.env.ANTHROPIC_API_KEY).toBe(CANARY.apiKey);
    expect(entry(p, 'anthropic-api-key').source).toBe('config environment ANTHROPIC_API_KEY');
  });

  it('forwards ~/.claude/.credentials.json on Linux as a 0600 file in the container home', async () => {
    const home = await fakeHome({ '.claude/.credentials.json': oauthFile() });
    const p = await plan(home);
    const f = fileAt(p, '.claude/.credentials.json');
    expect(f?.mode).toBe(0o600);
    expect(JSON.parse(f!.content.toString()).claudeAiOauth.refreshToken).toBe(CANARY.refreshToken);
    expect(entry(p, 'claude-credentials-file')).toMatchObject({
      found: true,
      forwarded: true,
      source: `${home}/.claude/.credentials.json`,
      target: '/home/claude/.claude/.credentials.json',
    });
    expect(p.report.claudeAuthForwarded).toBe(true);
  });

  it('does not forward a credentials file that is not JSON, and never quotes it', async () => {
    const p = await plan(await fakeHome({ '.claude/.credentials.json': `{${CANARY.accessToken}` }));
    expect(fileAt(p, '.claude/.credentials.json')).toBeUndefined();
    expect(entry(p, 'claude-credentials-file')).toMatchObject({ found: true, forwarded: false });
    expect(JSON.stringify(p.report)).not.toContain('CANARY');
  });

  it('reads the macOS Keychain through the injected reader and writes the same file', async () => {
    let calls = 0;
    const p = await plan(await fakeHome(), {
      platform: 'darwin',
      readKeychain: async () => {
        calls++;
        return oauthFile(CANARY.keychainAccess);
      },
    });
    expect(calls).toBe(1);
    const f = fileAt(p, '.claude/.credentials.json');
    expect(f?.mode).toBe(0o600);
    expect(f!.content.toString()).toContain(CANARY.keychainAccess);
    expect(entry(p, 'claude-keychain')).toMatchObject({ found: true, forwarded: true });
  });

  it('on macOS the Keychain login wins over a stale credentials file', async () => {
    const p = await plan(await fakeHome({ '.claude/.credentials.json': oauthFile() }), {
      platform: 'darwin',
      readKeychain: async () => oauthFile(CANARY.keychainAccess),
    });
    expect(p.files.filter((f) => f.containerPath.endsWith('.credentials.json'))).toHaveLength(1);
    expect(fileAt(p, '.claude/.credentials.json')!.content.toString()).toContain(
      CANARY.keychainAccess,
    );
    expect(entry(p, 'claude-credentials-file')).toMatchObject({ found: true, forwarded: false });
  });

  it('a failing Keychain reader is reported without its message', async () => {
    const p = await plan(await fakeHome(), {
      platform: 'darwin',
      readKeychain: async () => {
        throw new Error(`security failed near ${CANARY.keychainAccess}`);
      },
    });
    expect(entry(p, 'claude-keychain')).toMatchObject({ found: false, forwarded: false });
    expect(JSON.stringify(p.report)).not.toContain('CANARY');
  });

  it('the Keychain is not consulted on Linux', async () => {
    let called = false;
    const p = await plan(await fakeHome(), {
      readKeychain: async () => {
        called = true;
        return oauthFile();
      },
    });
    expect(called).toBe(false);
    expect(p.report.entries.some((e) => e.id === 'claude-keychain')).toBe(false);
  });

  it('keeps home an API key the user declined in Claude Code, and carries over an approval', async () => {
    const suffix = CANARY.apiKey.slice(-20);
    const declined = await plan(
      await fakeHome({
        '.claude.json': JSON.stringify({
          customApiKeyResponses: { approved: [], rejected: [suffix] },
        }),
      }),
      { env: { ANTHROPIC_API_KEY: CANARY.apiKey } },
    );
    expect(declined.env.ANTHROPIC_API_KEY).toBeUndefined();
    expect(entry(declined, 'anthropic-api-key').reason).toMatch(/declined/);

    const approved = await plan(
      await fakeHome({
        '.claude.json': JSON.stringify({
          customApiKeyResponses: {
            approved: ['someOtherKeySuffix12', suffix],
            rejected: ['x'.repeat(20)],
          },
        }),
      }),
      { env: { ANTHROPIC_API_KEY: CANARY.apiKey } },
    );
    expect(approved.env.ANTHROPIC_API_KEY).toBe(CANARY.apiKey);
    const copied = JSON.parse(fileAt(approved, '.claude.json')!.content.toString());
    // Only the forwarded key's approval travels: no other keys' suffixes.
    expect(copied.customApiKeyResponses).toEqual({ approved: [suffix], rejected: [] });
  });

  it('keeps a Console login (primaryApiKey) in the copied ~/.claude.json', async () => {
    const p = await plan(
      await fakeHome({ '.claude.json': JSON.stringify({ primaryApiKey: CANARY.consoleKey }) }),
    );
    expect(JSON.parse(fileAt(p, '.claude.json')!.content.toString()).primaryApiKey).toBe(
      CANARY.consoleKey,
    );
    expect(entry(p, 'claude-console-key')).toMatchObject({ found: true, forwarded: true });
    expect(p.report.claudeAuthForwarded).toBe(true);
  });
});
