/**
 * The Claude login in Settings, in Chromium over the real web mode with a real session on
 * Docker: the app's home holds a Claude login; the scripted agent refreshes its copy the way
 * Claude Code does; the host file gets the refreshed login and Settings shows the session's
 * row (its account, "refreshed here, copied to this machine") and the host's new expiry, live.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChromiumSession } from '../helpers/chromium';
import { claudeJsonText, loginText } from '../helpers/login-fixture';
import {
  RESULTS_DIR,
  type RunningApp,
  describeE2E,
  openAppPage,
  openFolder,
  pageFailure,
  makeRepo,
} from './harness';
import { FIXTURE_DOCKERFILE } from '../helpers/session-harness';

const HOUR = 3_600_000;
const T0 = Date.now() + HOUR;

describeE2E('Settings: the Claude login kept in step (Chromium, Docker)', (engine) => {
  let app: RunningApp;
  let browser: ChromiumSession;
  let page: Page;
  let repo = '';
  const problems: string[] = [];
  const refreshed = loginText('tok-e2e-refreshed', T0 + HOUR);

  beforeAll(async () => {
    // The agent refreshes its login once its session runs, then waits for input.
    const agent = [
      'sleep 1',
      `printf %s '${Buffer.from(refreshed).toString('base64')}' | base64 -d >"$HOME/.claude/.credentials.json"`,
      "printf 'agent refreshed its login\\n'",
      'exec cat >/dev/null',
    ].join('\n');
    ({ app, browser, page } = await openAppPage(engine, {
      userConfig: {
        dockerImage: 'ccr-test-session:latest',
        dockerfile: FIXTURE_DOCKERFILE,
        network: 'none',
        agent: { command: ['bash', '-c', agent] },
      },
      problems,
    }));
    await mkdir(join(app.dataDir, '.claude'), { recursive: true });
    await writeFile(join(app.dataDir, '.claude', '.credentials.json'), loginText('tok-e2e-0', T0), {
      mode: 0o600,
    });
    await writeFile(join(app.dataDir, '.claude.json'), claudeJsonText('uuid-e2e'));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (repo) await rm(repo, { recursive: true, force: true });
  }, 120_000);

  it("shows each session's login and its sync in Settings", async () => {
    try {
      await flow();
      expect(problems).toEqual([]);
    } catch (e) {
      throw await pageFailure(page, '/tmp/login-sync-failure.png', e);
    }
  }, 600_000);

  async function flow() {
    repo = await makeRepo('login');

    await openFolder(page, repo);
    await page.getByPlaceholder('claude/2026-01-01-120000').fill('claude/login');
    await page.getByRole('button', { name: 'Start session' }).click();
    const row = page.getByTestId('session-row').filter({ hasText: 'claude/login' });
    await expect
      .poll(() => row.getAttribute('data-session-status'), { timeout: 240_000 })
      .toBe('running');

    const hostFile = join(app.dataDir, '.claude', '.credentials.json');
    await expect.poll(() => readFile(hostFile, 'utf8'), { timeout: 30_000 }).toBe(refreshed);

    await page.keyboard.press('Control+,');
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const section = dialog.getByRole('region', { name: 'Claude login' });
    const table = section.getByTestId('login-sync');
    await expect
      .poll(() => table.innerText(), { timeout: 20_000 })
      .toContain('refreshed here, copied to this machine');
    const text = await table.innerText();
    expect(text).toContain('credentials file');
    expect(text).toContain(hostFile);
    expect(text).toContain('ada@example.com');
    expect(text).toContain('claude-login'); // the session by its name
    expect(text).toContain(new Date(T0 + HOUR).toLocaleString('en-US'));
    expect(text).toContain('claude setup-token');
    // Said once in Settings: the credentials notes point to the login section instead.
    await dialog.getByText('see Settings → Claude login').waitFor();
    expect(
      (await dialog.innerText()).split('run `claude setup-token` on this machine').length - 1,
    ).toBe(1);
    expect(text).not.toContain('tok-e2e');
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS_DIR, 'settings-login-sync-e2e.png') });
  }
});
