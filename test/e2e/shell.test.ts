/**
 * The app shell in a real browser over the real web mode: the tokenized link opens the app,
 * the token leaves the address bar, the status bar shows the real engine and the version,
 * and opening a folder goes through the WebSocket to the host and back.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ChromiumSession, launchChromium } from '../helpers/chromium';
import { RESULTS_DIR, type RunningApp, describeE2E, ensureBuilt, startApp } from './harness';

describeE2E('app shell in web mode (Chromium, Docker)', (engine) => {
  let app: RunningApp;
  let browser: ChromiumSession;
  let folder: string;

  beforeAll(async () => {
    await ensureBuilt();
    app = await startApp(engine, '0.0.0-e2e');
    browser = await launchChromium();
    folder = await mkdtemp(join(tmpdir(), 'ccr-e2e-repo-'));
    await mkdir(RESULTS_DIR, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('renders the shell with the engine status and version, and opens a folder', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text()))
        problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));

    await page.goto(app.server.url);
    const status = page.getByTestId('engine-status');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/^Docker \d+\.\d+/);
    expect(await page.getByTestId('app-version').textContent()).toBe('v0.0.0-e2e');
    expect(page.url()).not.toContain('token');
    expect(page.url()).toBe(`http://127.0.0.1:${app.server.port}/`);
    await expect.poll(() => page.getByText('Web mode · connected').count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Sessions' }).count()).toBe(1);
    await page.screenshot({ path: join(RESULTS_DIR, 'shell.png') });

    // Ctrl+O is the page's in a browser too.
    await page.keyboard.press('Control+o');
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('Open folder');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);

    // Open folder in web mode: a typed path, checked on the host, shown as a tab and recent.
    await page.getByRole('button', { name: 'Open folder…' }).first().click();
    await page.getByPlaceholder('/home/you/projects/my-app').fill(folder);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => page.getByRole('tab').textContent()).toContain(basename(folder));
    expect(await page.locator('.recent-item').first().getAttribute('title')).toBe(folder);

    // A folder that does not exist: the host's error and hint, in a dialog.
    await page.getByRole('button', { name: 'Open folder…' }).first().click();
    await page.getByPlaceholder('/home/you/projects/my-app').fill('/no/such/folder');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('does not exist');
    await page.screenshot({ path: join(RESULTS_DIR, 'shell-error.png') });
    await page.keyboard.press('Escape');

    // A reload keeps working: the token was kept for this tab.
    await page.reload();
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/^Docker/);
    expect(problems).toEqual([]);
  });

  it('refuses a page opened without the token', async () => {
    const page = await browser.context.newPage();
    await page.goto(`http://127.0.0.1:${app.server.port}/`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('claude-run web');
    expect(app.server.clientCount).toBeLessThanOrEqual(1);
  });
});
