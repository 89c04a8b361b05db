import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_CONFIG_FILE } from '../../../src/main/config/paths';
import { credentialsHandlers } from '../../../src/main/credentials';
import { AppError } from '../../../src/shared/errors';
import { CANARY, fakeHome, oauthFile } from './fake-home';

const ctx = { transport: 'local' as const, signal: new AbortController().signal };

describe('getCredentialsReport', () => {
  it('reads the project config (forwardGitHubToken) and reports without values', async () => {
    const home = await fakeHome({ '.claude/.credentials.json': oauthFile() });
    const project = join(home, 'proj');
    await mkdir(project);
    const h = credentialsHandlers({
      env: { GH_TOKEN: CANARY.ghToken, PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1' },
      homeDir: home,
      platform: 'linux',
    });
    const before = await h.getCredentialsReport({ projectDir: project }, ctx);
    expect(before.entries.find((e) => e.id === 'github-token:GH_TOKEN')).toMatchObject({
      found: true,
      forwarded: false,
    });
    expect(before.entries.find((e) => e.id === 'claude-credentials-file')).toMatchObject({
      forwarded: true,
      target: '/home/claude/.claude/.credentials.json',
    });

    await writeFile(
      join(project, PROJECT_CONFIG_FILE),
      JSON.stringify({ forwardGitHubToken: true }),
    );
    const after = await h.getCredentialsReport({ projectDir: project }, ctx);
    expect(after.entries.find((e) => e.id === 'github-token:GH_TOKEN')).toMatchObject({
      forwarded: true,
    });
    expect(JSON.stringify(after)).not.toContain('CANARY');

    // Targets are shown in the configured container user's home.
    await writeFile(join(project, PROJECT_CONFIG_FILE), JSON.stringify({ containerUser: 'node' }));
    const node = await h.getCredentialsReport({ projectDir: project }, ctx);
    expect(node.entries.find((e) => e.id === 'claude-credentials-file')?.target).toBe(
      '/home/node/.claude/.credentials.json',
    );
  });

  it('an invalid config is an AppError that says what to fix', async () => {
    const home = await fakeHome();
    const project = join(home, 'proj');
    await mkdir(project);
    await writeFile(
      join(project, PROJECT_CONFIG_FILE),
      JSON.stringify({ forwardGitHubToken: 'yes' }),
    );
    const h = credentialsHandlers({ env: {}, homeDir: home, platform: 'linux' });
    const err = await h.getCredentialsReport({ projectDir: project }, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('config-invalid');
    expect((err as AppError).message).toMatch(/forwardGitHubToken/);
  });
});
