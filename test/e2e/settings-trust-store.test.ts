/**
 * "Use this computer's trust store" in Settings (docs/proxy-certificates.md), in Chromium over
 * the real web mode: the button finds this computer's CA bundle and shows the
 * extraCaCertificates entry that uses it.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findHostTrustStore } from '../../src/main/image/ca-certs';
import { type ChromiumSession, launchChromium } from '../helpers/chromium';
import { RESULTS_DIR, type RunningApp, describeE2E, ensureBuilt, startApp } from './harness';

describeE2E("Settings: this computer's trust store (Chromium, Docker)", (engine) => {
  let app: RunningApp;
  let browser: ChromiumSession;

  beforeAll(async () => {
    await ensureBuilt();
    app = await startApp(engine, '0.0.0-e2e');
    browser = await launchChromium();
    await mkdir(RESULTS_DIR, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('the button shows the bundle to add to extraCaCertificates', async () => {
    const expected = await findHostTrustStore();
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(app.server.url);
      await expect
        .poll(() => page.getByTestId('engine-status').textContent(), { timeout: 20_000 })
        .toMatch(/^Docker/);
      await page.keyboard.press('Control+,');
      const dialog = page.getByRole('dialog', { name: 'Settings' });
      const section = dialog.getByRole('region', { name: 'Proxy certificates' });
      await section.getByRole('button', { name: "Use this computer's trust store" }).click();
      const result = section.getByTestId('trust-store-result');
      if (expected !== null) {
        await expect.poll(() => result.textContent()).toContain(`Found ${expected}`);
        expect(await result.textContent()).toContain(
          `"extraCaCertificates": [${JSON.stringify(expected)}]`,
        );
      } else {
        await expect.poll(() => result.textContent()).toContain('extraCaCertificates');
      }
      await section.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(RESULTS_DIR, 'settings-trust-store.png') });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
