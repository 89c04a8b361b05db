/**
 * A session whose start fails, in Chromium over the real web mode on Docker: its error (what
 * happened and what to do) is in the sidebar row's tooltip and in its panel, in the window
 * that started it, in a second window, and after a reload.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChromiumSession } from '../helpers/chromium';
import {
  RESULTS_DIR,
  type RunningApp,
  describeE2E,
  makeRepo,
  openAppPage,
  pageFailure,
} from './harness';
import { FIXTURE_DOCKERFILE } from '../helpers/session-harness';

const local = () => ({ transport: 'local' as const, signal: new AbortController().signal });

describeE2E('a session that failed to start (Chromium, Docker)', (engine) => {
  let app: RunningApp;
  let browser: ChromiumSession;
  let page: Page;
  let repo = '';
  const problems: string[] = [];

  beforeAll(async () => {
    ({ app, browser, page } = await openAppPage(engine, {
      userConfig: {
        dockerImage: 'ccr-test-session:latest',
        dockerfile: FIXTURE_DOCKERFILE,
        network: 'none',
        setupCommands: ['echo preparing; exit 7'],
        agent: { command: ['sleep', '3600'] },
      },
      problems,
    }));
    repo = await makeRepo('startfail');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (repo) await rm(repo, { recursive: true, force: true });
  }, 120_000);

  /** The failed session's error as the sidebar tooltip and the panel show it in `p`. */
  async function errorShownIn(p: Page, name: string): Promise<{ tooltip: string; panel: string }> {
    const row = p.getByTestId('session-row').filter({ hasText: name });
    await expect
      .poll(() => row.getAttribute('data-session-status'), { timeout: 30_000 })
      .toBe('failed');
    const tooltip = (await row.locator('.session-main').getAttribute('title')) ?? '';
    await row.locator('.session-main').click();
    const alert = p.locator('.session-error');
    await alert.waitFor({ timeout: 20_000 });
    return { tooltip, panel: await alert.innerText() };
  }

  it('shows the error in the row tooltip and the panel, in every window and after a reload', async () => {
    let current = page;
    try {
      const err = await app.core.handlers
        .startSession({ folder: repo }, local())
        .catch((e: unknown) => e as { message: string });
      expect((err as { message?: string }).message).toMatch(/setup command/i);
      const [s] = (await app.core.handlers.listSessions({}, local())).sessions;
      expect(s?.status).toBe('failed');
      const message = s!.error!.message;

      const first = await errorShownIn(page, s!.name);
      expect(first.tooltip).toContain(message);
      expect(first.panel).toContain(message);
      await page.screenshot({ path: join(RESULTS_DIR, 'start-failure.png') });

      await page.reload();
      await page.getByText('Web mode · connected').waitFor({ timeout: 20_000 });
      const reloaded = await errorShownIn(page, s!.name);
      expect(reloaded.panel).toContain(message);

      current = await browser.context.newPage();
      await current.goto(app.server.url);
      await current.getByText('Web mode · connected').waitFor({ timeout: 20_000 });
      const other = await errorShownIn(current, s!.name);
      expect(other.tooltip).toContain(message);
      expect(other.panel).toContain(message);
      expect(problems).toEqual([]);
    } catch (e) {
      throw await pageFailure(current, join(RESULTS_DIR, 'start-failure-failure.png'), e);
    }
  }, 300_000);
});
