import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userConfigPath } from '../../../src/main/config/paths';
import { makeFixture, type Fixture } from './fixture';

let fx: Fixture;
beforeEach(() => {
  fx = makeFixture();
});
afterEach(() => fx.cleanup());

describe('loadConfig layering', () => {
  it('uses the documented defaults when no file exists', async () => {
    const r = await fx.load();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.sources).toEqual([]);
    expect(r.config).toMatchObject({
      dockerImage: 'claude-code-runner:latest',
      buildImage: true,
      detached: false,
      autoPush: false,
      autoCreatePR: false,
      autoStartClaude: true,
      allowedTools: ['*'],
      containerPrefix: 'claude-code-runner',
      claudeConfigPath: path.join(fx.home, '.claude.json'),
      agent: { command: ['claude', '--dangerously-skip-permissions'] },
      resources: { memoryBytes: 4 * 1024 ** 3, cpus: 2, pidsLimit: 1024 },
      allowEngineSocketMount: false,
      forwardGitHubToken: false,
      terminalScrollback: 10000,
      pushRemote: 'origin',
      mounts: [],
      environment: {},
      envFileVars: {},
    });
    // No network by default: "auto" (an allowlist the session start decides: docs/network.md).
    expect(r.config).not.toHaveProperty('network');
  });

  it('layers defaults < user file < project file: objects merge per key, arrays replace', async () => {
    const user = fx.userConfig({
      environment: { A: 'user', B: 'user' },
      resources: { memory: '8g' },
      setupCommands: ['user-cmd'],
      allowedTools: ['Bash', 'Edit'],
      detached: true,
    });
    const project = fx.projectConfig({
      environment: { B: 'project' },
      resources: { cpus: 4 },
      setupCommands: ['project-cmd'],
      agent: { prompt: 'hi' },
    });
    const r = await fx.load();
    expect(r).toMatchObject({ ok: true, sources: [user, project] });
    if (!r.ok) return;
    expect(r.config.environment).toEqual({ A: 'user', B: 'project' });
    expect(r.config.resources).toEqual({ memoryBytes: 8 * 1024 ** 3, cpus: 4, pidsLimit: 1024 });
    expect(r.config.setupCommands).toEqual(['project-cmd']);
    expect(r.config.allowedTools).toEqual(['Bash', 'Edit']);
    expect(r.config.detached).toBe(true);
    // agent merges per key: the default command stays when only the prompt is set.
    expect(r.config.agent).toEqual({
      command: ['claude', '--dangerously-skip-permissions'],
      prompt: 'hi',
      // Claude Code's resume flag, the default for the claude command (agent.resume).
      resume: ['--continue'],
      feedback: { mode: 'paste' },
    });
  });

  it('reads an explicit -c file instead of claude-run.config.json', async () => {
    fx.projectConfig({ dockerImage: 'from-default-file' });
    const explicit = fx.write('project/alt/other.json', { dockerImage: 'from-explicit' });
    const r = await fx.load({ configPath: 'alt/other.json' });
    expect(r).toMatchObject({
      ok: true,
      sources: [explicit],
      config: { dockerImage: 'from-explicit' },
    });
  });

  it('fails (no fallback) when the explicit -c file does not exist', async () => {
    const r = await fx.load({ configPath: 'missing.json' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      expect.objectContaining({
        file: path.join(fx.project, 'missing.json'),
        message: expect.stringContaining('does not exist'),
      }),
    ]);
  });

  it('finds the user file under $XDG_CONFIG_HOME on Linux', async () => {
    const xdg = path.join(fx.root, 'xdg');
    const file = fx.write(path.join(xdg, 'claude-code-runner', 'config.json'), { network: 'none' });
    fx.userConfig({ network: 'host' }); // ~/.config is not used when XDG_CONFIG_HOME is set
    const r = await fx.load({ env: { XDG_CONFIG_HOME: xdg } });
    expect(r).toMatchObject({ ok: true, sources: [file], config: { network: 'none' } });
  });

  it('puts the user file in the platform config dir', () => {
    const home = '/home/u';
    expect(userConfigPath({ env: {}, homeDir: home, platform: 'linux' })).toBe(
      '/home/u/.config/claude-code-runner/config.json',
    );
    expect(
      userConfigPath({ env: { XDG_CONFIG_HOME: 'relative' }, homeDir: home, platform: 'linux' }),
    ).toBe('/home/u/.config/claude-code-runner/config.json');
    expect(userConfigPath({ env: {}, homeDir: '/Users/u', platform: 'darwin' })).toBe(
      '/Users/u/Library/Application Support/claude-code-runner/config.json',
    );
    expect(
      userConfigPath({
        env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
        homeDir: 'C:\\Users\\u',
        platform: 'win32',
      }),
    ).toBe('C:\\Users\\u\\AppData\\Roaming\\claude-code-runner\\config.json');
  });

  it('accepts a $schema key', async () => {
    fx.projectConfig({ $schema: './schemas/claude-run.config.schema.json', autoPush: true });
    const r = await fx.load();
    expect(r).toMatchObject({ ok: true, config: { autoPush: true } });
    expect(r.ok && '$schema' in r.config).toBe(false);
  });
});
