import { describe, expect, it } from 'vitest';
import { CANARY, entry, fakeHome, fileAt, plan } from '../../helpers/fake-home';

const HOST_CLAUDE_JSON = {
  numStartups: 42,
  theme: 'dark',
  hasCompletedOnboarding: true,
  lastOnboardingVersion: '2.1.0',
  bypassPermissionsModeAccepted: true,
  lastReleaseNotesSeen: '2.1.0',
  userID: 'abc123',
  oauthAccount: { emailAddress: 'user@example.com', accountUuid: 'u-1' },
  projects: {
    '/home/user/secret-project': {
      history: [{ display: 'CANARY-other-project-prompt' }],
      allowedTools: [],
    },
  },
  history: ['CANARY-history-entry'],
  tipsHistory: { foo: 3 },
  cachedChangelog: 'CANARY-cached-changelog',
  githubRepoPaths: { 'org/repo': ['/home/user/secret-project'] },
  mcpServers: { gh: { command: 'gh-mcp', env: { GITHUB_TOKEN: CANARY.ghToken } } },
};

describe('~/.claude.json and ~/.claude', () => {
  it('copies onboarding state and settings, drops other projects, history, caches and MCP servers', async () => {
    const home = await fakeHome({ '.claude.json': JSON.stringify(HOST_CLAUDE_JSON) });
    const p = await plan(home);
    const f = fileAt(p, '.claude.json')!;
    expect(f.mode).toBe(0o600);
    const copied = JSON.parse(f.content.toString());
    expect(copied).toEqual({
      numStartups: 42,
      theme: 'dark',
      hasCompletedOnboarding: true,
      lastOnboardingVersion: '2.1.0',
      bypassPermissionsModeAccepted: true,
      lastReleaseNotesSeen: '2.1.0',
      userID: 'abc123',
      oauthAccount: { emailAddress: 'user@example.com', accountUuid: 'u-1' },
    });
    expect(f.content.toString()).not.toContain('CANARY');
    expect(f.content.toString()).not.toContain('secret-project');
    const e = entry(p, 'claude-json');
    expect(e).toMatchObject({ found: true, forwarded: true, target: '/home/claude/.claude.json' });
    expect(e.reason).toMatch(/projects/);
  });

  it('uses the configured claudeConfigPath', async () => {
    const home = await fakeHome({ 'custom/claude.json': JSON.stringify({ theme: 'light' }) });
    const p = await plan(home, { config: { claudeConfigPath: `${home}/custom/claude.json` } });
    expect(JSON.parse(fileAt(p, '.claude.json')!.content.toString())).toEqual({ theme: 'light' });
    expect(entry(p, 'claude-json').source).toBe(`${home}/custom/claude.json`);
  });

  it('does not forward an invalid ~/.claude.json and notes a missing one', async () => {
    const bad = await plan(
      await fakeHome({ '.claude.json': `{"primaryApiKey": "${CANARY.consoleKey}"` }),
    );
    expect(fileAt(bad, '.claude.json')).toBeUndefined();
    expect(entry(bad, 'claude-json')).toMatchObject({ found: true, forwarded: false });
    expect(JSON.stringify(bad.report)).not.toContain('CANARY');

    const none = await plan(await fakeHome());
    expect(entry(none, 'claude-json')).toMatchObject({ found: false, forwarded: false });
    expect(none.report.notes.join(' ')).toMatch(/first-run/);
  });

  it('from ~/.claude takes only settings.json, commands/ and agents/; never projects, history, todos', async () => {
    const home = await fakeHome({
      '.claude/settings.json': JSON.stringify({
        env: { ANTHROPIC_API_KEY: CANARY.settingsEnvKey },
      }),
      '.claude/commands/review.md': '# review',
      '.claude/commands/team/deploy.md': '# deploy',
      '.claude/commands/.DS_Store': 'junk',
      '.claude/commands/link.md': 'symlink:/etc/passwd',
      '.claude/agents/tester.md': '# tester',
      '.claude/projects/-home-user-secret/abc.jsonl': 'CANARY-transcript',
      '.claude/history.jsonl': 'CANARY-history',
      '.claude/todos/t.json': 'CANARY-todo',
      '.claude/statsig/s': 'CANARY-statsig',
      '.claude/shell-snapshots/snap.sh': 'CANARY-snapshot',
      '.claude/CLAUDE.md': 'memory',
    });
    const p = await plan(home);
    const paths = p.files.map((f) => f.containerPath).sort();
    expect(paths).toEqual([
      '/home/claude/.claude/agents/tester.md',
      '/home/claude/.claude/commands/review.md',
      '/home/claude/.claude/commands/team/deploy.md',
      '/home/claude/.claude/settings.json',
    ]);
    expect(fileAt(p, '.claude/settings.json')!.mode).toBe(0o600);
    // The user's settings survive and the runner's attention hooks are added beside them.
    const settings = JSON.parse(fileAt(p, '.claude/settings.json')!.content.toString('utf8'));
    expect(settings.env).toEqual({ ANTHROPIC_API_KEY: CANARY.settingsEnvKey });
    expect(JSON.stringify(settings.hooks.Stop)).toContain('/opt/ccr/bin/attention-hook');
    expect(fileAt(p, '.claude/commands/review.md')!.mode).toBe(0o644);
    expect(p.files.map((f) => f.content.toString()).join('\n')).not.toMatch(
      /CANARY-(transcript|history|todo|statsig|snapshot)/,
    );
    expect(entry(p, 'claude-commands').reason).toMatch(/2 file\(s\) copied.*1 symlink/);
    expect(entry(p, 'claude-agents')).toMatchObject({ found: true, forwarded: true });
    expect(entry(p, 'claude-dir-rest')).toMatchObject({ found: true, forwarded: false });
  });

  it('honours CLAUDE_CONFIG_DIR for the credentials file and the settings', async () => {
    const home = await fakeHome({
      'alt/.credentials.json': JSON.stringify({
        claudeAiOauth: { accessToken: CANARY.accessToken },
      }),
      'alt/settings.json': '{}',
      'alt/.claude.json': JSON.stringify({ hasCompletedOnboarding: true }),
    });
    const p = await plan(home, { env: { CLAUDE_CONFIG_DIR: `${home}/alt` } });
    expect(fileAt(p, '.claude/.credentials.json')).toBeDefined();
    expect(fileAt(p, '.claude/settings.json')).toBeDefined();
    expect(JSON.parse(fileAt(p, '.claude.json')!.content.toString())).toEqual({
      hasCompletedOnboarding: true,
    });
  });
});
