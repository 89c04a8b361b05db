/**
 * Push and pull request from the review, in Chromium over the real web mode with a real
 * session on Docker: the agent commits, the user pushes (the branch lands on the remote) and
 * creates the PR in the dialog; the loopback GitHub and GitLab servers (the same fakes as the
 * integration tests) receive it with the right head, base and title, and the dialog shows its
 * link. The remote's fetch URL names the forge; its pushurl is a local bare repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChromiumSession } from '../helpers/chromium';
import { fakeForge } from '../helpers/fake-forge';
import {
  RESULTS_DIR,
  type RunningApp,
  describeE2E,
  openFolder,
  openAppPage,
  pageFailure,
} from './harness';
import { FIXTURE_DOCKERFILE } from '../helpers/session-harness';

const GITHUB_TOKEN = 'ghe-e2e-token-4711';
const GITLAB_TOKEN = 'glpat-e2e-token-4711';

// The agent commits one file (subject and body: the PR draft's title and description), then
// waits like an agent waiting for input.
const AGENT = [
  "printf 'feature\\n' > feature.txt",
  'git add feature.txt',
  'git -c user.name=Agent -c user.email=agent@example.invalid commit -q -m "Add the feature" -m "Longer explanation."',
  "printf 'committed\\n'",
  'exec sleep 3600',
].join('\n');

const REMOTES = {
  github: 'git@ghe.example:octo/widgets.git',
  gitlab: 'ssh://git@gitlab.example:2222/group/sub/widgets.git',
} as const;

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
}

describeE2E('push and pull request from the review (Chromium, Docker)', (engine) => {
  const forges = { github: fakeForge('github'), gitlab: fakeForge('gitlab') };
  const bases = { github: '', gitlab: '' };
  let app: RunningApp;
  let browser: ChromiumSession;
  // One tab for both forges: each link the web mode prints opens one tab.
  let page: Page;
  const problems: string[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    bases.github = await forges.github.start();
    bases.gitlab = await forges.gitlab.start();
    ({ app, browser, page } = await openAppPage(engine, {
      userConfig: {
        dockerImage: 'ccr-test-session:latest',
        dockerfile: FIXTURE_DOCKERFILE,
        network: 'none',
        agent: { command: ['sh', '-c', AGENT] },
      },
      problems,
      core: {
        forge: {
          apiBase: (t) => (t.forge === 'github' ? `${bases.github}/api/v3` : bases.gitlab),
          env: { ...process.env, GH_ENTERPRISE_TOKEN: GITHUB_TOKEN, GITLAB_TOKEN },
          // An Enterprise host whose name does not say GitHub.
          hosts: { 'ghe.example': 'github' },
        },
      },
    }));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    for (const f of Object.values(forges)) await new Promise((r) => f.server.close(r));
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }, 120_000);

  async function repoFor(kind: 'github' | 'gitlab'): Promise<{ repo: string; bare: string }> {
    const repo = await mkdtemp(join(tmpdir(), `ccr-e2e-pr-${kind}-`));
    const bare = `${await mkdtemp(join(tmpdir(), `ccr-e2e-remote-${kind}-`))}/r.git`;
    dirs.push(repo, resolve(bare, '..'));
    execFileSync('git', ['init', '-q', '--bare', bare]);
    git(repo, 'init', '-q', '-b', 'main');
    await writeFile(join(repo, 'README.md'), '# widgets\n');
    git(repo, 'add', '-A');
    git(
      repo,
      '-c',
      'user.name=T',
      '-c',
      'user.email=t@example.invalid',
      'commit',
      '-q',
      '-m',
      'init',
    );
    git(repo, 'remote', 'add', 'origin', REMOTES[kind]);
    git(repo, 'config', 'remote.origin.pushurl', bare);
    return { repo, bare };
  }

  for (const kind of ['github', 'gitlab'] as const) {
    it(`pushes and creates the PR on ${kind} from the review`, async () => {
      const { repo, bare } = await repoFor(kind);
      const branch = `claude/e2e-pr-${kind}`;
      try {
        await flow(kind, repo, bare, branch);
        expect(problems).toEqual([]);
      } catch (e) {
        throw await pageFailure(page, join(RESULTS_DIR, `push-pr-${kind}-failure.png`), e);
      }
    }, 400_000);
  }

  async function flow(
    kind: 'github' | 'gitlab',
    repo: string,
    bare: string,
    branch: string,
  ): Promise<void> {
    const forge = forges[kind];
    await openFolder(page, repo);
    await page.getByRole('button', { name: 'Start session' }).waitFor();
    await page.getByPlaceholder('claude/2026-01-01-120000').fill(branch);
    await page.getByRole('button', { name: 'Start session' }).click();

    // The agent's commit is imported and shows in the review.
    const row = page.getByTestId('session-row').filter({ hasText: branch });
    await expect
      .poll(() => row.getAttribute('data-session-status'), { timeout: 240_000 })
      .toBe('running');
    await page.getByRole('tab', { name: /Review changes/ }).click();
    await page
      .getByTestId('commit-row')
      .filter({ hasText: 'Add the feature', visible: true })
      .waitFor({ timeout: 60_000 });

    // Push: the user is told, and the branch is on the remote with the agent's commit.
    await page.getByRole('button', { name: 'Push', exact: true }).click();
    await expect
      .poll(
        () =>
          page
            .getByTestId('toast')
            .filter({ hasText: `Pushed ${branch}` })
            .count(),
        {
          timeout: 30_000,
        },
      )
      .toBe(1);
    expect(git(bare, 'rev-parse', branch)).toBe(git(repo, 'rev-parse', branch));
    expect(git(bare, 'log', '-1', '--format=%s', branch)).toBe('Add the feature');

    if (kind === 'github') await rewrittenPush(repo, bare, branch);

    // The PR dialog: pre-filled from the commit and the forge's default branch, title edited.
    await page.getByRole('button', { name: 'Push & create PR…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create pull request' });
    const title = dialog.getByLabel('Title');
    await expect.poll(() => title.inputValue(), { timeout: 30_000 }).toBe('Add the feature');
    const base = kind === 'github' ? 'trunk' : 'develop';
    expect(await dialog.getByLabel('Base branch').inputValue()).toBe(base);
    expect(await dialog.getByLabel('Description').inputValue()).toContain('Longer explanation.');
    expect(await dialog.innerText()).toContain(kind === 'github' ? 'GitHub' : 'GitLab');
    await title.fill(`Widgets: add the feature (${kind})`);
    await dialog.getByRole('button', { name: 'Push & create PR', exact: true }).click();

    // What the user sees: the PR's link.
    const url =
      kind === 'github'
        ? 'https://ghe.example/octo/widgets/pull/1'
        : 'https://gitlab.example/group/sub/widgets/-/merge_requests/1';
    await expect
      .poll(() => dialog.innerText(), { timeout: 30_000 })
      .toContain(`Pull request created: ${url}`);
    expect(await dialog.getByRole('link', { name: url }).getAttribute('href')).toBe(url);
    await page.screenshot({ path: join(RESULTS_DIR, `push-pr-${kind}.png`) });

    // What the forge received: one PR, this branch onto the default branch, the edited title,
    // with the configured token.
    const posts = forge.seen.filter((s) => s.method === 'POST');
    expect(posts).toHaveLength(1);
    if (kind === 'github') {
      expect(posts[0]!.url).toBe('/api/v3/repos/octo/widgets/pulls');
      expect(posts[0]!.auth).toMatch(new RegExp(`^(token|bearer) ${GITHUB_TOKEN}$`, 'i'));
      expect(posts[0]!.body).toMatchObject({
        head: branch,
        base,
        title: 'Widgets: add the feature (github)',
        draft: false,
      });
    } else {
      expect(posts[0]!.privateToken).toBe(GITLAB_TOKEN);
      expect(posts[0]!.body).toMatchObject({
        source_branch: branch,
        target_branch: base,
        title: 'Widgets: add the feature (gitlab)',
      });
    }
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
  }

  /**
   * The branch was rewritten since it was pushed (as after an amend in the session): the host
   * refuses with push-needs-confirmation, the review asks, and only a yes replaces the remote
   * history (force-with-lease).
   */
  async function rewrittenPush(repo: string, bare: string, branch: string): Promise<void> {
    const pushed = git(bare, 'rev-parse', branch);
    const rewritten = git(
      repo,
      '-c',
      'user.name=T',
      '-c',
      'user.email=t@example.invalid',
      'commit-tree',
      `${branch}^{tree}`,
      '-p',
      `${branch}~1`,
      '-m',
      'Add the feature',
      '-m',
      'Longer explanation.',
    );
    git(repo, 'update-ref', `refs/heads/${branch}`, rewritten, pushed);
    const asked: string[] = [];
    const answerNext = (yes: boolean) =>
      page.once('dialog', (d) => {
        asked.push(d.message());
        void (yes ? d.accept() : d.dismiss());
      });
    const push = page.getByRole('button', { name: 'Push', exact: true });

    answerNext(false);
    await push.click();
    await expect.poll(() => asked.length, { timeout: 30_000 }).toBe(1);
    expect(asked[0]).toContain(`${branch} was rewritten`);
    await expect.poll(() => push.isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(git(bare, 'rev-parse', branch)).toBe(pushed);

    answerNext(true);
    await push.click();
    await expect
      .poll(
        () =>
          page
            .getByTestId('toast')
            .filter({ hasText: `Pushed ${branch} to origin (rewritten history)` })
            .count(),
        { timeout: 30_000 },
      )
      .toBe(1);
    expect(asked).toHaveLength(2);
    expect(git(bare, 'rev-parse', branch)).toBe(rewritten);
  }
});
