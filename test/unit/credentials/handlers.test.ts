import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_CONFIG_FILE } from '../../../src/main/config/paths';
import { contentHash, trustProjectConfig } from '../../../src/main/config/trust';
import { credentialsHandlers } from '../../../src/main/credentials';
import { AppError } from '../../../src/shared/errors';
import { CANARY, fakeHome, oauthFile } from '../../helpers/fake-home';

const ctx = { transport: 'local' as const, signal: new AbortController().signal };

describe('getCredentialsReport', () => {
  it('reads the project config (forwardGitHubToken) and reports without values', async () => {
    const home = await fakeHome({ '.claude/.credentials.json': oauthFile() });
    const project = join(home, 'proj');
    await mkdir(project);
    const host = {
      env: { GH_TOKEN: CANARY.ghToken, PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1' },
      homeDir: home,
      platform: 'linux' as const,
    };
    const h = credentialsHandlers(host);
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
    // A file that came with the repository does not forward the token until it is trusted.
    const untrusted = await h.getCredentialsReport({ projectDir: project }, ctx);
    expect(untrusted.entries.find((e) => e.id === 'github-token:GH_TOKEN')).toMatchObject({
      forwarded: false,
    });
    const file = join(project, PROJECT_CONFIG_FILE);
    await trustProjectConfig(host, file, contentHash(await readFile(file, 'utf8')));
    const after = await h.getCredentialsReport({ projectDir: project }, ctx);
    expect(after.entries.find((e) => e.id === 'github-token:GH_TOKEN')).toMatchObject({
      forwarded: true,
    });
    expect(JSON.stringify(after)).not.toContain('CANARY');

    // Targets are shown in the configured container user's home.
    await writeFile(file, JSON.stringify({ containerUser: 'node' }));
    await trustProjectConfig(host, file, contentHash(await readFile(file, 'utf8')));
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
