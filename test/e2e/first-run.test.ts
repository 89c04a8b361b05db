/**
 * First run without a container engine, in Chromium over the real web mode: the welcome
 * screen says no engine runs, where the app looked and why each place failed, how to start
 * one on this platform, and Retry finds the engine once it is there (here: its socket
 * appears at the address DOCKER_HOST names).
 */
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ChromiumSession, launchChromium } from '../helpers/chromium';
import { RESULTS_DIR, type RunningApp, describeE2E, pageFailure, startApp } from './harness';

describeE2E('first run without an engine (Chromium, Docker)', (engine) => {
  let app: RunningApp;
  let browser: ChromiumSession;
  let dir: string;
  let socket: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ccr-e2e-noengine-'));
    socket = join(dir, 'docker.sock');
    app = await startApp({ ...engine, address: `unix://${socket}` });
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop().catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('says where it looked and how to start an engine, and Retry finds it', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(app.server.url);
      const card = page.getByRole('alert').filter({ hasText: 'No container engine is running' });
      await card.waitFor({ timeout: 20_000 });
      await card.getByText(/Where the app looked/).click();
      await expect.poll(() => card.innerText()).toContain(socket);
      const text = await card.innerText();
      expect(text).toContain('DOCKER_HOST');
      expect(text).toContain('no socket there');
      if (process.platform === 'linux') expect(text).toContain('podman.socket');
      await page.screenshot({ path: join(RESULTS_DIR, 'first-run-no-engine.png') });

      // The engine appears where DOCKER_HOST points; Retry finds it and the card goes.
      await symlink(engine.address.slice('unix://'.length), socket);
      await card.getByRole('button', { name: 'Retry' }).click();
      await expect
        .poll(() => page.getByTestId('engine-status').textContent(), { timeout: 20_000 })
        .toMatch(/^Docker/);
      await expect.poll(() => card.count()).toBe(0);
      expect(problems).toEqual([]);
    } catch (e) {
      throw await pageFailure(page, join(RESULTS_DIR, 'first-run-failure.png'), e);
    } finally {
      await page.close();
    }
  });
});
