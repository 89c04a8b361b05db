/**
 * Many sessions in Chromium over the real web mode on Docker: the sidebar groups them by folder
 * with counts, shows a filter box and one chip per status with its count, narrows by text and by
 * status; and the page never scrolls as a whole, at 1024×640, 1280×800 and 1920×1080, with a
 * session's terminal open (the lists and the terminal scroll inside their own boxes).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionInfo } from '../../src/shared/schemas/session';
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

describeE2E('many sessions: sidebar filter and window sizes (Chromium, Docker)', (engine) => {
  let app: RunningApp;
  let browser: ChromiumSession;
  let page: Page;
  const repos: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    ({ app, browser, page } = await openAppPage(engine, {
      userConfig: {
        dockerImage: 'ccr-test-session:latest',
        dockerfile: FIXTURE_DOCKERFILE,
        network: 'none',
        agent: { command: ['sh', '-c', 'seq 1 400; echo waiting for you; exec sleep 3600'] },
      },
      problems,
    }));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    for (const r of repos) await rm(r, { recursive: true, force: true });
  }, 120_000);

  it('groups, counts and filters sessions; the page itself never scrolls', async () => {
    try {
      const shop = await makeRepo('shop');
      const blog = await makeRepo('blog');
      repos.push(shop, blog);
      const started: SessionInfo[] = [];
      for (const folder of [shop, shop, shop, shop, blog, blog]) {
        const s = await app.core.handlers.startSession({ folder }, local());
        started.push(s as SessionInfo);
      }
      for (const s of started.slice(0, 2))
        await app.core.handlers.stopSession({ id: s.id }, local());

      const rows = page.getByTestId('session-row');
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(6);
      const chips = page.getByRole('group', { name: 'Sessions by status' });
      await expect
        .poll(() => chips.getByRole('button', { name: /Stopped/ }).innerText())
        .toContain('2');
      await expect.poll(() => chips.innerText()).toMatch(/Running\s*4|Waiting for input/);
      const groups = page.locator('.session-group-title');
      await expect
        .poll(() => groups.allInnerTexts())
        .toEqual([
          expect.stringMatching(/^ccr-e2e-blog-\S+\s+2$/),
          expect.stringMatching(/^ccr-e2e-shop-\S+\s+4$/),
        ]);
      await page.screenshot({ path: join(RESULTS_DIR, 'sidebar-many.png') });

      const filter = page.getByRole('searchbox', { name: /Filter sessions/ });
      await filter.fill('blog');
      await expect.poll(() => rows.count()).toBe(2);
      await filter.fill('');
      await chips.getByRole('button', { name: /Stopped/ }).click();
      await expect.poll(() => rows.count()).toBe(2);
      await expect
        .poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))))
        .toEqual(['stopped', 'stopped']);
      await page.screenshot({ path: join(RESULTS_DIR, 'sidebar-filtered.png') });
      await filter.fill('no such session');
      await expect.poll(() => page.getByText('No session matches the filter.').count()).toBe(1);
      await filter.press('Escape');
      await expect.poll(() => rows.count()).toBe(6);

      // A running session's terminal open, at three window sizes: nothing scrolls the page.
      const running = started[5]!;
      await page.getByText(running.name).first().click();
      await page.getByText('waiting for you').first().waitFor({ timeout: 60_000 });
      for (const [width, height] of [
        [1024, 640],
        [1280, 800],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        await expect
          .poll(() =>
            page.evaluate(() => {
              const el = document.scrollingElement ?? document.documentElement;
              return {
                x: el.scrollWidth > window.innerWidth,
                y: el.scrollHeight > window.innerHeight,
              };
            }),
          )
          .toEqual({ x: false, y: false });
        // The terminal's last row is inside the window.
        const box = await page.locator('.xterm-screen').first().boundingBox();
        expect(box).not.toBeNull();
        expect(box!.y + box!.height).toBeLessThanOrEqual(height);
        await page.screenshot({ path: join(RESULTS_DIR, `window-${width}x${height}.png`) });
      }
      expect(problems).toEqual([]);
    } catch (e) {
      throw await pageFailure(page, join(RESULTS_DIR, 'sidebar-many-failure.png'), e);
    }
  }, 600_000);
});
