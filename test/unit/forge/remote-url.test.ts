import { describe, expect, it } from 'vitest';
import { apiBaseOf, detectForge, parseRemoteUrl } from '../../../src/main/forge/remote-url';
import { redactUrls } from '../../../src/main/forge/redact';
import { classifyPushError } from '../../../src/main/forge/push';
import { forgeToken } from '../../../src/main/forge/tokens';
import { draftText } from '../../../src/main/forge/pull-request';

describe('remote URLs', () => {
  it.each([
    [
      'https://github.com/octo/widgets.git',
      'github',
      'github.com',
      'octo/widgets',
      'https://api.github.com',
    ],
    [
      'https://user:tok@github.com/octo/widgets',
      'github',
      'github.com',
      'octo/widgets',
      'https://api.github.com',
    ],
    [
      'git@github.com:octo/widgets.git',
      'github',
      'github.com',
      'octo/widgets',
      'https://api.github.com',
    ],
    [
      'ssh://git@github.com/octo/widgets.git',
      'github',
      'github.com',
      'octo/widgets',
      'https://api.github.com',
    ],
    [
      'ssh://git@github.corp.example:2222/octo/widgets.git',
      'github',
      'github.corp.example',
      'octo/widgets',
      'https://github.corp.example/api/v3',
    ],
    [
      'https://github.corp.example:8443/octo/widgets.git',
      'github',
      'github.corp.example',
      'octo/widgets',
      'https://github.corp.example:8443/api/v3',
    ],
    [
      'https://gitlab.com/group/sub/proj.git',
      'gitlab',
      'gitlab.com',
      'group/sub/proj',
      'https://gitlab.com',
    ],
    [
      'git@gitlab.example.org:group/proj.git',
      'gitlab',
      'gitlab.example.org',
      'group/proj',
      'https://gitlab.example.org',
    ],
    [
      'ssh://git@gitlab.example.org:2222/group/sub/proj.git',
      'gitlab',
      'gitlab.example.org',
      'group/sub/proj',
      'https://gitlab.example.org',
    ],
  ])('%s → %s %s %s', (url, forge, host, project, api) => {
    const t = detectForge(url);
    expect(t).toMatchObject({ forge, host, project });
    expect(apiBaseOf({ ...t, forge: t.forge! })).toBe(api);
  });

  it('leaves hosts of unknown kind undecided, unless mapped', () => {
    expect(detectForge('git@code.example:a/b.git').forge).toBeNull();
    expect(detectForge('git@code.example:a/b.git', { 'code.example': 'gitlab' }).forge).toBe(
      'gitlab',
    );
  });

  it('refuses local paths, odd paths and non-forge URLs', () => {
    for (const url of [
      '/srv/git/repo.git',
      'file:///srv/repo.git',
      'https://github.com/only',
      'https://github.com/a/../b',
      'C:\\repo',
    ]) {
      expect(() => detectForge(url)).toThrow();
    }
    expect(parseRemoteUrl('/srv/git/repo.git')).toBeNull();
  });
});

describe('push errors', () => {
  it('never shows credentials from a URL', () => {
    expect(
      redactUrls("fatal: unable to access 'https://me:ghp_secret@github.com/a/b.git/'"),
    ).not.toContain('ghp_secret');
  });
  it.each([
    [
      "fatal: could not read Username for 'https://github.com': terminal prompts disabled",
      'push-auth',
    ],
    [
      'git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository.',
      'push-auth',
    ],
    [
      "fatal: unable to access 'https://x.invalid/': Could not resolve host: x.invalid",
      'push-unreachable',
    ],
    [' ! [rejected]        claude/x -> claude/x (fetch first)', 'push-rejected'],
    [' ! [remote rejected] claude/x -> claude/x (pre-receive hook declined)', 'push-rejected'],
    ['something else', 'push-failed'],
  ])('%s → %s', (stderr, code) => {
    expect(classifyPushError(stderr, 'origin').code).toBe(code);
  });
});

describe('forge tokens', () => {
  const none = async () => ({ code: 1, stdout: '', stderr: 'not logged in' });
  it('prefers the environment, then the CLI login, and says what to do when there is none', async () => {
    expect(
      await forgeToken('github', 'github.com', { env: { GITHUB_TOKEN: 'ghp_env' }, run: none }),
    ).toBe('ghp_env');
    expect(
      await forgeToken('gitlab', 'gitlab.com', { env: { GITLAB_TOKEN: 'glpat-env' }, run: none }),
    ).toBe('glpat-env');
    const calls: string[][] = [];
    const gh = async (cmd: string, args: string[]) => {
      calls.push([cmd, ...args]);
      return { code: 0, stdout: 'gho_cli_token\n', stderr: '' };
    };
    expect(await forgeToken('github', 'github.com', { env: {}, run: gh })).toBe('gho_cli_token');
    expect(calls[0]).toEqual(['gh', 'auth', 'token', '--hostname', 'github.com']);
    const glabStatus = async (_c: string, args: string[]) =>
      args[0] === 'auth'
        ? { code: 0, stdout: '', stderr: '  ✓ Token: glpat-abcdef123456\n' }
        : { code: 1, stdout: '', stderr: '' };
    expect(await forgeToken('gitlab', 'gitlab.example', { env: {}, run: glabStatus })).toBe(
      'glpat-abcdef123456',
    );
    await expect(forgeToken('github', 'github.com', { env: {}, run: none })).rejects.toMatchObject({
      code: 'forge-no-token',
    });
  });
});

describe('PR text', () => {
  const c = (subject: string, message = subject) => ({
    hash: 'a'.repeat(40),
    parents: [],
    authorName: 'A',
    authorEmail: 'a@x',
    date: '',
    subject,
    message,
    filesChanged: 1,
    insertions: 1,
    deletions: 0,
  });
  it('uses a single commit subject and body', () => {
    expect(draftText('claude/x', [c('Fix it', 'Fix it\n\nBecause.')])).toMatchObject({
      title: 'Fix it',
    });
    expect(draftText('claude/x', [c('Fix it', 'Fix it\n\nBecause.')]).body).toContain('Because.');
  });
  it('lists several commits oldest first', () => {
    const d = draftText('claude/x', [c('third'), c('second'), c('first')]);
    expect(d.title).toBe('first (+2 more)');
    expect(d.body.indexOf('first')).toBeLessThan(d.body.indexOf('third'));
  });
});
