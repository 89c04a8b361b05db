/**
 * The whole flow a user goes through, in Chromium over the real web mode with a real core on
 * Docker: open a folder, start a session from the UI, answer the question about the
 * repository's own config file (trust it), watch the scripted agent's greeting in the terminal, see the session running in the sidebar, and review the commit the agent made
 * (file list, diff). The agent commits a file named like an HTML injection: it must show as
 * text, with no dialog fired and no element injected. A second session after the file changed
 * is asked about again and started without the file's settings: the user's own agent runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectEngineAt } from '../../src/main/engine';
import { LABELS } from '../../src/main/engine/labels';
import { type ChromiumSession, launchChromium } from '../helpers/chromium';
import {
  RESULTS_DIR,
  type RunningApp,
  describeE2E,
  ensureBuilt,
  startApp,
  openFolder,
} from './harness';
import { FIXTURE_DOCKERFILE } from '../helpers/session-harness';

const EVIL = '<img src=x onerror=alert(1)>';
const GREETING = 'Hello from the scripted agent';
// The user's own agent (user-level config): what runs when the project file's is left out.
const USER_GREETING = 'Hello from the user-level agent';
const CHANGED_AGENT = 'agent-from-the-changed-file';

// The agent: greets, writes a file with a hostile name, commits it, then waits like an agent
// waiting for input. Data reaches it only as arguments ($1 = the file name).
const AGENT = [
  `printf '%s\\n' '${GREETING}'`,
  // The initial prompt from the start form arrives as the last argument.
  `printf 'prompt: %s\\n' "$2"`,
  `printf 'first line\\nsecond line\\n' > "$1"`,
  'git add -- "$1"',
  'git -c user.name=Agent -c user.email=agent@example.invalid commit -q -m "Add the evil file <b>bold</b>"',
  // A second commit the review must keep usable: a file above the diff size guard (3000 lines
  // of 200 characters, ~600 KB), a binary file and a rename.
  `yes "$(printf '%0200d' 0)" | head -n 3000 > big.txt`,
  "printf '\\000\\001\\002PNG' > logo.bin",
  'mkdir docs && git mv README.md docs/README.md',
  'git add big.txt logo.bin',
  'git -c user.name=Agent -c user.email=agent@example.invalid commit -q -m "Add assets"',
  "printf 'committed\\n'",
  'exec sleep 3600',
].join('\n');

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
}

/** The repository's own config: its agent, image and setup wait for the user's trust. */
function projectConfig(agentScript: string): string {
  return JSON.stringify({
    dockerImage: 'ccr-test-session:latest',
    dockerfile: FIXTURE_DOCKERFILE,
    network: 'none',
    resources: { memory: '512m', cpus: 1, pids: 256 },
    agent: { command: ['sh', '-c', agentScript, 'agent', EVIL] },
    // Output the start screen streams, and time to see it before the session opens.
    setupCommands: ['echo setup-output-line; sleep 3'],
  });
}

const local = () => ({ transport: 'local' as const, signal: new AbortController().signal });

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(RESULTS_DIR, name) });
}

describeE2E('session flow in web mode (Chromium, Docker)', (engine) => {
  let app: RunningApp;
  let browser: ChromiumSession;
  let repo: string;

  beforeAll(async () => {
    await ensureBuilt();
    app = await startApp(engine, '0.0.0-e2e');
    browser = await launchChromium();
    await mkdir(RESULTS_DIR, { recursive: true });
    // The user's own config (always applies): the test image and a plain agent of their own.
    await app.writeUserConfig({
      dockerImage: 'ccr-test-session:latest',
      dockerfile: FIXTURE_DOCKERFILE,
      network: 'none',
      agent: { command: ['sh', '-c', `printf '%s\\n' '${USER_GREETING}'; exec sleep 3600`] },
    });
    repo = await mkdtemp(join(tmpdir(), 'ccr-e2e-flow-'));
    git(repo, 'init', '-q', '-b', 'main');
    await writeFile(join(repo, 'README.md'), '# demo\n');
    await writeFile(join(repo, 'claude-run.config.json'), projectConfig(AGENT));
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
    // Work the user has not committed yet when the session starts.
    await writeFile(join(repo, 'notes.txt'), 'my own notes\n');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (repo) await rm(repo, { recursive: true, force: true });
  }, 120_000);

  it('starts a session from the UI, shows the agent, and reviews its commit safely', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    try {
      await flow(page, problems);
    } catch (e) {
      // What the user would have seen when it went wrong.
      await shot(page, 'session-failure.png').catch(() => undefined);
      const text = await page
        .locator('body')
        .innerText()
        .catch(() => '');
      throw new Error(
        `${(e as Error).message}\n--- page errors ---\n${problems.join('\n')}\n--- page text ---\n${text.slice(0, 4000)}`,
        { cause: e },
      );
    }
  }, 400_000);

  async function flow(page: Page, problems: string[]): Promise<void> {
    const dialogs: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    await page.goto(app.server.url);
    await expect
      .poll(() => page.getByText('Web mode · connected').count(), { timeout: 20_000 })
      .toBe(1);

    // Open the folder; its tab offers to start a session.
    await openFolder(page, repo);
    await page.getByRole('button', { name: 'Start session' }).waitFor();
    await page.getByPlaceholder('claude/2026-01-01-120000').fill('claude/e2e-flow');
    await page.getByLabel('Initial prompt for the agent (optional)').fill('Say <hi> & bye');
    await shot(page, 'session-start-form.png');
    await page.getByRole('button', { name: 'Start session' }).click();

    // The repository's config file asks for settings outside the sandbox: the app asks first,
    // showing each of them (the agent's full command, hostile argument as text), Cancel focused.
    const trust = page.getByRole('dialog', { name: 'Trust project settings' });
    await trust.waitFor({ timeout: 30_000 });
    expect(await trust.innerText()).toContain(join(repo, 'claude-run.config.json'));
    const settings = trust.getByTestId('trust-setting');
    expect((await settings.locator('.trust-key').allInnerTexts()).sort()).toEqual([
      'agent',
      'dockerImage',
      'dockerfile',
      'setupCommands',
    ]);
    const agentSetting = settings.filter({ hasText: 'replaces the agent command' });
    expect(await agentSetting.locator('.trust-value').innerText()).toContain(GREETING);
    expect(await agentSetting.locator('.trust-value').getAttribute('title')).toContain(EVIL);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    // Nothing has started while the question is open, and no error is shown.
    expect(await page.locator('.start-error').count()).toBe(0);
    expect((await app.core.handlers.listSessions({}, local())).sessions).toEqual([]);
    await shot(page, 'trust-dialog.png');
    await trust.getByRole('button', { name: 'Trust and start' }).click();
    await expect.poll(() => trust.count()).toBe(0);

    // Progress while the image builds and the container starts, then the setup's output.
    await page.getByRole('progressbar').waitFor({ timeout: 30_000 });
    await expect
      .poll(
        () =>
          page
            .getByTestId('start-log')
            .textContent()
            .catch(() => ''),
        {
          timeout: 240_000,
          interval: 200,
        },
      )
      .toContain('setup-output-line');
    expect(await page.locator('.progress-text').textContent()).toContain('setup');
    expect(
      Number(await page.getByRole('progressbar').getAttribute('aria-valuenow')),
    ).toBeGreaterThan(50);
    await shot(page, 'session-starting.png');

    // The session tab with the agent's terminal and its greeting.
    const rows = page.locator('.terminal-view .xterm-rows');
    await expect
      .poll(async () => (await rows.count()) > 0 && (await rows.first().innerText()), {
        timeout: 240_000,
        interval: 500,
      })
      .toContain(GREETING);
    await expect.poll(() => rows.first().innerText(), { timeout: 20_000 }).toContain('committed');
    expect(await rows.first().innerText()).toContain('prompt: Say <hi> & bye');

    // The sidebar lists it under its folder with a live status.
    const row = page.getByTestId('session-row').filter({ hasText: 'claude/e2e-flow' });
    await expect.poll(() => row.getAttribute('data-session-status')).toBe('running');
    expect(await row.innerText()).toContain('claude/e2e-flow');
    await expect
      .poll(() => page.getByTestId('sessions-status').textContent())
      .toMatch(/^1 running/);
    await shot(page, 'session-terminal.png');

    // The commit is imported: the sidebar counts it once, the review shows it.
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: 20_000 }).toBe('2');
    await page.getByRole('tab', { name: /Review changes/ }).click();
    const commit = page.getByTestId('commit-row').filter({ hasText: 'Add the evil file' });
    await commit.waitFor({ timeout: 20_000 });
    expect(await commit.innerText()).toContain('<b>bold</b>');
    await commit.click();
    const file = page.getByTestId('file-row').filter({ hasText: EVIL });
    await file.waitFor({ timeout: 20_000 });
    await file.click();
    const diff = page.getByTestId('file-diff');
    await expect.poll(() => diff.innerText(), { timeout: 20_000 }).toContain('second line');
    await shot(page, 'session-review.png');
    await page.getByRole('button', { name: 'Side by side' }).click();
    await expect.poll(() => diff.locator('.rd-split').count()).toBe(1);
    await shot(page, 'session-review-split.png');

    // Large, binary and renamed files: labelled, and the large one's first part, the rest on request.
    await page.getByTestId('commit-row').filter({ hasText: 'Add assets' }).click();
    const big = page.getByTestId('file-row').filter({ hasText: 'big.txt' });
    await big.waitFor({ timeout: 20_000 });
    expect(
      await page.getByTestId('file-row').filter({ hasText: 'logo.bin' }).innerText(),
    ).toContain('binary');
    const renamed = page.getByTestId('file-row').filter({ hasText: 'docs/README.md' });
    expect(await renamed.innerText()).toContain('README.md → docs/README.md');
    expect(await renamed.innerText()).toContain('renamed');
    await big.click();
    const whole = diff.getByRole('button', { name: 'Show the whole file' });
    await whole.waitFor({ timeout: 20_000 });
    expect(await diff.getByTestId('diff-part').innerText()).toMatch(
      /first part of this change \(\d+(\.\d)? KiB, 3,000 changed lines\)/,
    );
    // The rows of the diff's model (hunk header + lines); the page draws those in view.
    const modelRows = () => diff.locator('table').getAttribute('data-rows');
    expect(Number(await modelRows())).toBeLessThan(3001);
    await shot(page, 'session-review-guard.png');
    await whole.click();
    await expect.poll(() => modelRows(), { timeout: 30_000 }).toBe('3001');
    await shot(page, 'session-review-large.png');

    // Shift-click widens the selection to a range: both commits' files.
    await page
      .getByTestId('commit-row')
      .filter({ hasText: 'Add the evil file' })
      .click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByTestId('file-row').count(), { timeout: 20_000 }).toBe(4);

    // The user's uncommitted file at start: its own item under the agent's commits, not one of them.
    expect(await page.getByTestId('commit-row').count()).toBe(2);
    const start = page.getByTestId('start-row');
    expect(await start.innerText()).toContain('Your uncommitted changes at start');
    await start.click();
    await page
      .getByTestId('file-row')
      .filter({ hasText: 'notes.txt' })
      .waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('file-row').count()).toBe(1);
    await shot(page, 'session-review-start.png');

    // Text, never HTML: no image element from a container-controlled string, nothing ran.
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('b', { hasText: 'bold' }).count()).toBe(0);
    expect(dialogs).toEqual([]);

    expect(await row.locator('.badge').count()).toBe(0);

    // The repo has no remote: Push says so, with what to do.
    await page.getByRole('button', { name: 'Push', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('toast').filter({ hasText: 'Push failed' }).count(), {
        timeout: 20_000,
      })
      .toBe(1);

    // The PR dialog says the same before anything is pushed; Escape closes it.
    await page.getByRole('button', { name: 'Push & create PR…' }).click();
    const prDialog = page.getByRole('dialog', { name: 'Create pull request' });
    await expect.poll(() => prDialog.innerText(), { timeout: 20_000 }).toContain('no remote');
    expect(await prDialog.getByRole('button', { name: 'Push & create PR' }).count()).toBe(0);
    await shot(page, 'session-pr-dialog.png');
    await page.keyboard.press('Escape');
    await expect.poll(() => prDialog.count()).toBe(0);

    // The host repository has the session branch with the agent's commit.
    expect(git(repo, 'log', '-2', '--format=%s', 'claude/e2e-flow').trim().split('\n')).toEqual([
      'Add assets',
      'Add the evil file <b>bold</b>',
    ]);

    // A second terminal: a shell in the container, then back to the agent, whose screen
    // comes back from the main process (the view re-attached), then the shell's again.
    await page.getByRole('tab', { name: 'Terminals' }).click();
    await page.getByRole('button', { name: 'New terminal' }).click();
    await page.getByRole('menuitem', { name: 'Shell in the container' }).click();
    await expect.poll(() => page.locator('.subtab').count(), { timeout: 20_000 }).toBe(2);
    await expect.poll(() => rows.first().innerText(), { timeout: 20_000 }).toMatch(/workspace\$/);
    await page.locator('.terminal-view textarea').focus();
    await page.keyboard.type('echo shell-$((6*7))\n');
    await expect.poll(() => rows.first().innerText(), { timeout: 20_000 }).toContain('shell-42');
    await shot(page, 'session-shell.png');
    await page.locator('.subtab-label', { hasText: 'Agent' }).click();
    await expect.poll(() => rows.first().innerText(), { timeout: 20_000 }).toContain(GREETING);
    await page.locator('.subtab-label', { hasText: 'container shell' }).click();
    await expect.poll(() => rows.first().innerText(), { timeout: 20_000 }).toContain('shell-42');

    // A shell on this machine, in the session's folder (the user's own files).
    await page.getByRole('button', { name: 'New terminal' }).click();
    await page.getByRole('menuitem', { name: 'Shell on this machine (in the folder)' }).click();
    await expect.poll(() => page.locator('.subtab').count(), { timeout: 20_000 }).toBe(3);
    await page.locator('.terminal-view textarea').focus();
    await page.keyboard.type('pwd\n');
    await expect.poll(() => rows.first().innerText(), { timeout: 20_000 }).toContain(repo);
    await page
      .locator('.subtab', { hasText: 'host shell' })
      .getByRole('button', { name: /^Close/ })
      .click();
    await expect.poll(() => page.locator('.subtab').count(), { timeout: 20_000 }).toBe(2);
    await page.locator('.subtab-label', { hasText: 'container shell' }).click();

    // A rewrite in the container (amend) waits for the user; accepting moves the host branch.
    await page.locator('.terminal-view textarea').focus();
    await page.keyboard.type(
      'git -c user.name=A -c user.email=a@example.invalid commit -q --amend -m "Reworded by the agent"\n',
    );
    await page.getByRole('tab', { name: /Review changes/ }).click();
    const banner = page.locator('.review-rewrite');
    await expect.poll(() => banner.count(), { timeout: 20_000 }).toBe(1);
    expect(await banner.innerText()).toContain('1 commit on the host branch would be dropped');
    expect(await page.getByRole('button', { name: 'Push', exact: true }).isDisabled()).toBe(true);
    await shot(page, 'session-rewrite.png');
    await banner.getByRole('button', { name: 'Accept rewrite' }).click();
    await expect.poll(() => banner.count(), { timeout: 20_000 }).toBe(0);
    await page.getByTestId('commit-row').filter({ hasText: 'Reworded by the agent' }).waitFor();
    expect(git(repo, 'log', '-1', '--format=%s', 'claude/e2e-flow').trim()).toBe(
      'Reworded by the agent',
    );
    await page.getByRole('tab', { name: 'Terminals' }).click();

    // Stop from the sidebar: the status follows; Restart brings the agent back.
    await row.hover();
    await row.getByRole('button', { name: /^Stop / }).click();
    await expect
      .poll(() => row.getAttribute('data-session-status'), { timeout: 60_000 })
      .toBe('stopped');
    await expect.poll(() => page.getByTestId('session-status').textContent()).toBe('Stopped');
    // The watcher ends with the container: that is no error to show for a stop the user asked for.
    await page.waitForTimeout(2500);
    expect(await page.getByTestId('toast').filter({ hasText: 'Commit watch' }).count()).toBe(0);
    await shot(page, 'session-stopped.png');
    await page.getByRole('button', { name: 'Restart session' }).click();
    await expect
      .poll(() => row.getAttribute('data-session-status'), { timeout: 60_000 })
      .toBe('running');
    await expect
      .poll(async () => (await rows.count()) > 0 && (await rows.first().innerText()), {
        timeout: 60_000,
      })
      .toContain(GREETING);

    // A second session in the same folder after the config file changed: trust was for the
    // old content, so the app asks again, showing the new agent; started without the file's
    // settings, the user's own agent runs. Switching between the two keeps both terminals.
    await writeFile(
      join(repo, 'claude-run.config.json'),
      projectConfig(`printf '%s\\n' ${CHANGED_AGENT}; exec sleep 3600`),
    );
    await page.locator('.recent-item').first().click();
    await page.getByPlaceholder('claude/2026-01-01-120000').fill('claude/e2e-two');
    await page.getByRole('button', { name: 'Start session' }).click();
    await trust.waitFor({ timeout: 30_000 });
    expect(await agentSetting.locator('.trust-value').innerText()).toContain(CHANGED_AGENT);
    await trust.getByRole('button', { name: 'Start without them' }).click();
    const row2 = page.getByTestId('session-row').filter({ hasText: 'claude/e2e-two' });
    await expect
      .poll(() => row2.getAttribute('data-session-status'), { timeout: 120_000 })
      .toBe('running');
    await expect.poll(() => rows.first().innerText(), { timeout: 60_000 }).toContain(USER_GREETING);
    expect(await rows.first().innerText()).not.toContain(CHANGED_AGENT);
    // The changed file was not trusted by starting without it.
    const check = await app.core.handlers.checkProjectConfig({ folder: repo }, local());
    expect(check.untrusted?.settings.map((x) => x.key)).toContain('agent');
    await page.locator('.terminal-view textarea').focus();
    await page.keyboard.type('only-in-two');
    await expect.poll(() => rows.first().innerText()).toContain('only-in-two');
    expect(await page.locator('.session-group').count()).toBe(1);
    await row.locator('.session-main').click();
    await expect.poll(() => rows.first().innerText(), { timeout: 20_000 }).toContain(GREETING);
    expect(await rows.first().innerText()).not.toContain('only-in-two');
    await row2.locator('.session-main').click();
    await expect.poll(() => rows.first().innerText(), { timeout: 20_000 }).toContain('only-in-two');
    await shot(page, 'session-two.png');
    // Back to the first session (the second one's agent committed nothing) for the PR dialog.
    await row.locator('.session-main').click();

    // The PR dialog's own behaviour, with the forge calls answered here (the real forges are
    // unreachable; the commits domain's suite covers them against loopback APIs): pre-filled
    // from the draft, base and draft flag editable, the result's URL shown as an https link.
    const h = app.core.handlers;
    const seen: unknown[] = [];
    const restore = { draft: h.getPullRequestDraft, create: h.createPullRequest };
    h.getPullRequestDraft = async ({ sessionId }) => ({
      sessionId,
      forge: 'github',
      host: 'github.com',
      project: 'octo/widgets',
      head: 'claude/e2e-flow',
      base: 'main',
      title: 'Add the evil file <b>bold</b>',
      body: '- Add the evil file <b>bold</b>',
      existingUrl: 'javascript:alert(1)',
    });
    h.createPullRequest = async (input) => {
      seen.push(input);
      return {
        sessionId: input.sessionId,
        forge: 'github',
        url: 'https://github.com/octo/widgets/pull/7',
        number: 7,
        created: true,
      };
    };
    try {
      await page.getByRole('tab', { name: /Review changes/ }).click();
      await page.getByRole('button', { name: 'Push & create PR…' }).click();
      const dlg = page.getByRole('dialog', { name: 'Create pull request' });
      const title = dlg.getByLabel('Title');
      await expect
        .poll(() => title.inputValue(), { timeout: 20_000 })
        .toBe('Add the evil file <b>bold</b>');
      expect(await dlg.getByLabel('Description').inputValue()).toBe(
        '- Add the evil file <b>bold</b>',
      );
      // A URL from outside that is not https is text, never a link.
      expect(await dlg.locator('a').count()).toBe(0);
      expect(await dlg.innerText()).toContain('javascript:alert(1)');
      await dlg.getByLabel('Base branch').fill('develop');
      await dlg.getByLabel('Draft').check();
      await title.fill('Evil file, reviewed');
      await shot(page, 'session-pr-form.png');
      await dlg.getByRole('button', { name: 'Push & create PR' }).click();
      const link = dlg.getByRole('link', { name: 'https://github.com/octo/widgets/pull/7' });
      await link.waitFor({ timeout: 20_000 });
      expect(await link.getAttribute('rel')).toContain('noopener');
      expect(seen).toEqual([
        expect.objectContaining({
          title: 'Evil file, reviewed',
          body: '- Add the evil file <b>bold</b>',
          base: 'develop',
          draft: true,
          push: true,
        }),
      ]);
      await shot(page, 'session-pr-created.png');
      await page.keyboard.press('Escape');
      await page.getByRole('tab', { name: 'Terminals' }).click();
    } finally {
      h.getPullRequestDraft = restore.draft;
      h.createPullRequest = restore.create;
    }

    // Discard: asks first, says the branch stays (the default); the container goes, the branch stays.
    const sessionId = (await app.core.handlers.listSessions({}, local())).sessions.find(
      (x) => x.branch === 'claude/e2e-flow',
    )!.id;
    await row.hover();
    await row.getByRole('button', { name: /^Discard / }).click();
    const confirm = page.getByRole('dialog', { name: 'Discard session' });
    expect(await confirm.innerText()).toContain('stay in your repository');
    await shot(page, 'session-remove.png');
    await confirm.getByRole('button', { name: 'Discard session' }).click();
    // The agent's commits are neither pushed nor merged: it asks again, saying so.
    await confirm.getByTestId('discard-unmerged').waitFor({ timeout: 30_000 });
    expect(await confirm.innerText()).toContain('neither pushed nor merged');
    await confirm.getByRole('button', { name: 'Discard, keep only the branch' }).click();
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(0);
    expect(await row2.count()).toBe(1);
    const e = await connectEngineAt(engine.address);
    expect(await e.listContainers({ [LABELS.session]: sessionId }, { all: true })).toEqual([]);
    expect(git(repo, 'branch', '--list', 'claude/e2e-flow').trim()).toContain('claude/e2e-flow');
    expect(problems).toEqual([]);
  }

  it('shows why a folder cannot start a session and offers to initialise git', async () => {
    const page = await browser.context.newPage();
    const plain = await mkdtemp(join(tmpdir(), 'ccr-e2e-plain-'));
    try {
      await page.goto(app.server.url);
      await openFolder(page, plain);
      await page.getByRole('button', { name: 'Start session' }).click();
      const alert = page.locator('.start-error');
      await expect
        .poll(() => alert.innerText(), { timeout: 30_000 })
        .toContain('not inside a git work tree');
      expect(await alert.innerText()).toContain('git init');
      await shot(page, 'session-start-error.png');
      await alert.getByRole('button', { name: 'Initialize git repository' }).click();
      await expect
        .poll(() => page.locator('.start-note').innerText(), { timeout: 20_000 })
        .toContain('Initialized an empty git repository');
      expect(git(plain, 'rev-parse', '--is-inside-work-tree').trim()).toBe('true');
    } finally {
      await page.close();
      await rm(plain, { recursive: true, force: true });
    }
  }, 120_000);
});
