/**
 * The "Whole session" review follows the branch tip without losing the user's place: with a
 * file open and a comment half written, the agent's next commit updates that file's diff in
 * place (new lines shown), the file stays open and the comment text stays in its editor.
 * Chromium over the real web mode, a real session on Docker.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectEngineAt } from '../../src/main/engine';
import type { ChromiumSession } from '../helpers/chromium';
import { RESULTS_DIR, type RunningApp, describeE2E, openFolder, openAppPage } from './harness';
import { FIXTURE_DOCKERFILE } from '../helpers/session-harness';

// One commit, then a second one once the test says so (a file it creates in the container).
const AGENT = [
  'set -e',
  'commit() { git -c user.name=Agent -c user.email=agent@example.invalid commit -q -m "$1"; }',
  "printf 'alpha\\nbeta\\n' > notes.txt",
  'git add notes.txt',
  'commit "First notes"',
  'while [ ! -e /tmp/go ]; do sleep 0.2; done',
  "printf 'alpha\\nbeta\\ngamma\\n' > notes.txt",
  'git add notes.txt',
  'commit "More notes"',
  'exec sleep 3600',
].join('\n');

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
}

describeE2E('whole-session review follows the tip (Chromium, Docker)', (engine) => {
  let app: RunningApp;
  let browser: ChromiumSession;
  let page: Page;
  const problems: string[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    ({ app, browser, page } = await openAppPage(engine, {
      userConfig: {
        dockerImage: 'ccr-test-session:latest',
        dockerfile: FIXTURE_DOCKERFILE,
        network: 'none',
        agent: { command: ['bash', '-c', AGENT] },
      },
      problems,
    }));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }, 120_000);

  it('keeps the open file and a comment being written when a commit arrives', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'ccr-e2e-follow-'));
    dirs.push(repo);
    git(repo, 'init', '-q', '-b', 'main');
    await writeFile(join(repo, 'README.md'), '# follow\n');
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.name=T', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'init');
    const branch = 'claude/e2e-follow';
    try {
      await openFolder(page, repo);
      await page.getByPlaceholder('claude/2026-01-01-120000').fill(branch);
      await page.getByRole('button', { name: 'Start session' }).click();
      const row = page.getByTestId('session-row').filter({ hasText: branch });
      await expect
        .poll(() => row.getAttribute('data-session-status'), { timeout: 240_000 })
        .toBe('running');
      await page.getByRole('tab', { name: /Review changes/ }).click();
      await page
        .getByTestId('commit-row')
        .filter({ hasText: 'First notes', visible: true })
        .waitFor({ timeout: 60_000 });
      // The whole session (the default selection), its one file open, a comment half written.
      await page.getByTestId('file-row').filter({ hasText: 'notes.txt' }).click();
      const diff = page.getByTestId('file-diff');
      await diff.getByText('beta').waitFor();
      await diff.locator('td[data-side="new"][data-line="2"]').hover();
      await diff.getByRole('button', { name: 'Comment on new line 2' }).click();
      await diff.getByTestId('comment-editor').getByRole('textbox').fill('Half a thought');

      const { sessions } = await app.core.handlers.listSessions(
        {},
        { transport: 'local', signal: new AbortController().signal },
      );
      const session = sessions.find((s) => s.branch === branch)!;
      const docker = await connectEngineAt(engine.address);
      await docker.exec(session.containerId!, { cmd: ['touch', '/tmp/go'] });
      await expect
        .poll(() => git(repo, 'log', '-1', '--format=%s', branch), { timeout: 90_000 })
        .toBe('More notes');

      // The file's diff now shows the new line, in place; the comment text is still there.
      await expect.poll(() => diff.innerText(), { timeout: 30_000 }).toContain('gamma');
      expect(await page.locator('.commit-row-on').innerText()).toContain('Whole session');
      expect(await diff.getByTestId('comment-editor').getByRole('textbox').inputValue()).toBe(
        'Half a thought',
      );
      expect(problems).toEqual([]);
    } catch (e) {
      await page.screenshot({ path: join(RESULTS_DIR, 'review-follow-failure.png') });
      throw e;
    }
  }, 400_000);
});
