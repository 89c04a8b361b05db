import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CANARY, entry, fakeHome, fileAt, plan } from '../../helpers/fake-home';

const run = promisify(execFile);
const gitEnv = (home: string) => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: home,
});

describe('git identity (real git)', () => {
  it('takes user.name and user.email as git sees them in the project, and nothing else', async () => {
    const home = await fakeHome({
      '.gitconfig': [
        '[user]',
        '\tname = Ada \\"The Countess\\" Lovelace\\\\',
        '\temail = ada@home.example',
        '\tsigningkey = ABCDEF',
        '[credential]',
        '\thelper = store',
        `[url "https://x:${CANARY.ghToken}@github.com/"]`,
        '\tinsteadOf = https://github.com/',
        '[include]',
        '\tpath = ~/.gitconfig-extra',
        '',
      ].join('\n'),
    });
    const project = join(home, 'project');
    await run('git', ['init', '-q', project], { env: gitEnv(home) });
    await run('git', ['-C', project, 'config', 'user.email', 'ada@work.example'], {
      env: gitEnv(home),
    });

    const p = await plan(home, {
      env: gitEnv(home),
      projectDir: project,
      readGitConfig: undefined,
    });
    const f = fileAt(p, '.config/git/config')!;
    expect(f.mode).toBe(0o644);
    const text = f.content.toString();
    expect(text).not.toMatch(/credential|insteadOf|include|signingkey|CANARY/i);
    expect(p.env).toEqual({});

    // The written file reads back, through git itself, as the user's identity.
    const written = join(home, 'written-config');
    await writeFile(written, f.content);
    const get = async (key: string) =>
      (
        await run('git', ['config', '--file', written, '--get', key], { env: gitEnv(home) })
      ).stdout.trim();
    expect(await get('user.name')).toBe('Ada "The Countess" Lovelace\\');
    expect(await get('user.email')).toBe('ada@work.example'); // the repo's own setting wins, as on the host
    expect(entry(p, 'git-identity')).toMatchObject({ found: true, forwarded: true });
    expect(JSON.stringify(p.report)).not.toContain('Lovelace');
  });

  it('reports a missing identity', async () => {
    const home = await fakeHome();
    const p = await plan(home, { env: gitEnv(home), readGitConfig: undefined });
    expect(fileAt(p, '.config/git/config')).toBeUndefined();
    expect(entry(p, 'git-identity')).toMatchObject({ found: false, forwarded: false });
  });
});

describe('GitHub / GitLab tokens', () => {
  const env = {
    GH_TOKEN: CANARY.ghToken,
    GITHUB_TOKEN: CANARY.githubToken,
    GITLAB_TOKEN: CANARY.gitlabToken,
  };

  it('are found but not forwarded by default, with the reason', async () => {
    const p = await plan(await fakeHome(), { env, readGhToken: async () => CANARY.ghCli });
    expect(p.env).toEqual({});
    for (const id of [
      'github-token:GH_TOKEN',
      'github-token:GITHUB_TOKEN',
      'github-token:gh',
      'gitlab-token',
    ]) {
      expect(entry(p, id)).toMatchObject({ found: true, forwarded: false });
    }
    expect(entry(p, 'github-token:GH_TOKEN').reason).toMatch(/host.*forwardGitHubToken/);
  });

  it('forwardGitHubToken forwards exactly one GitHub token as GH_TOKEN; GitLab stays home', async () => {
    const p = await plan(await fakeHome(), {
      env,
      readGhToken: async () => CANARY.ghCli,
      config: { forwardGitHubToken: true },
    });
    expect(p.env).toEqual({ GH_TOKEN: CANARY.ghToken });
    expect(entry(p, 'github-token:GITHUB_TOKEN')).toMatchObject({ found: true, forwarded: false });
    expect(entry(p, 'gitlab-token')).toMatchObject({ found: true, forwarded: false });

    const fromGh = await plan(await fakeHome(), {
      readGhToken: async () => CANARY.ghCli,
      config: { forwardGitHubToken: true },
    });
    expect(fromGh.env).toEqual({ GH_TOKEN: CANARY.ghCli });
    expect(entry(fromGh, 'github-token:gh')).toMatchObject({
      found: true,
      forwarded: true,
      target: 'env GH_TOKEN',
    });
  });

  it('a token the config itself sets is reported as forwarded by the config', async () => {
    const p = await plan(await fakeHome(), {
      config: { environment: { GITLAB_TOKEN: CANARY.gitlabToken } },
    });
    expect(p.env).toEqual({ GITLAB_TOKEN: CANARY.gitlabToken });
    expect(entry(p, 'gitlab-token').reason).toMatch(/config/);
  });

  it('a gh reader that throws counts as no login', async () => {
    const p = await plan(await fakeHome(), {
      readGhToken: async () => {
        throw new Error(CANARY.ghCli);
      },
    });
    expect(entry(p, 'github-token:gh')).toMatchObject({ found: false });
    expect(JSON.stringify(p.report)).not.toContain('CANARY');
  });
});
