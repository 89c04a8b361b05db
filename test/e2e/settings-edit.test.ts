/**
 * Editing the user-level config in Settings, in Chromium over the real web mode: the file's
 * text is shown, a mistake is refused with its line and column (the file untouched), a valid
 * edit is saved as typed and the effective config shown for the folder changes with it, and a
 * file changed elsewhere meanwhile is not overwritten (the user reloads it).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { userConfigPath } from '../../src/main/config/paths';
import { type ChromiumSession, launchChromium } from '../helpers/chromium';
import {
  RESULTS_DIR,
  type RunningApp,
  describeE2E,
  ensureBuilt,
  startApp,
  openFolder,
} from './harness';

describeE2E('Settings: editing the user config file (Chromium, Docker)', (engine) => {
  let app: RunningApp;
  let browser: ChromiumSession;
  let repo: string;

  beforeAll(async () => {
    await ensureBuilt();
    app = await startApp(engine, '0.0.0-e2e');
    browser = await launchChromium();
    repo = await mkdtemp(join(tmpdir(), 'ccr-e2e-userconf-'));
    await promisify(execFile)('git', ['init', '-q', '--', repo]);
    await mkdir(RESULTS_DIR, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (repo) await rm(repo, { recursive: true, force: true });
  });

  it('saves a valid edit as typed and shows its effect; refuses mistakes and stale files', async () => {
    await app.writeUserConfig({ containerPrefix: 'e2e-before' });
    const file = userConfigPath(app.host);
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(app.server.url);
      await expect
        .poll(() => page.getByTestId('engine-status').textContent(), { timeout: 20_000 })
        .toMatch(/^Docker/);
      await openFolder(page, repo);
      await expect.poll(() => page.getByRole('tab').last().textContent()).toContain(basename(repo));

      await page.keyboard.press('Control+,');
      const dialog = page.getByRole('dialog', { name: 'Settings' });
      const configInfo = dialog.getByTestId('settings-config');
      await expect
        .poll(() => configInfo.textContent(), { timeout: 20_000 })
        .toContain('e2e-before');
      const editor = dialog.getByLabel('User config file');
      await expect.poll(() => editor.inputValue()).toContain('"containerPrefix":"e2e-before"');
      expect(await dialog.textContent()).toContain(file);

      // A mistake on line 3: refused with where it is; the file stays as it was.
      const before = await readFile(file, 'utf8');
      await editor.fill('{\n  "containerPrefix": "e2e-after-edit",\n  "autoPush": "yes"\n}\n');
      await dialog.getByRole('button', { name: 'Save' }).click();
      const issues = dialog.getByTestId('user-config-issues');
      await expect.poll(() => issues.textContent()).toContain('line 3, column');
      expect(await issues.textContent()).toContain('autoPush');
      expect(await readFile(file, 'utf8')).toBe(before);
      await issues.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(RESULTS_DIR, 'settings-user-config-issues.png') });

      // Fixed: saved exactly as typed, and the folder's effective config follows.
      const typed = '{\n  "containerPrefix": "e2e-after-edit",\n  "autoPush": false\n}\n';
      await editor.fill(typed);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => dialog.getByRole('status').textContent()).toContain('Saved');
      expect(await readFile(file, 'utf8')).toBe(typed);
      await expect
        .poll(() => configInfo.textContent(), { timeout: 20_000 })
        .toContain('e2e-after-edit');
      expect(await issues.count()).toBe(0);
      await page.screenshot({ path: join(RESULTS_DIR, 'settings-user-config-saved.png') });

      // Changed elsewhere after loading: not overwritten; Reload shows the other version.
      await writeFile(file, '{ "containerPrefix": "e2e-from-elsewhere" }\n');
      await editor.fill('{ "containerPrefix": "e2e-stale-edit" }\n');
      await dialog.getByRole('button', { name: 'Save' }).click();
      const error = dialog.getByTestId('user-config-error');
      await expect.poll(() => error.textContent()).toContain('changed since Settings read it');
      expect(await error.textContent()).toContain('reload');
      expect(await readFile(file, 'utf8')).toBe('{ "containerPrefix": "e2e-from-elsewhere" }\n');
      await page.screenshot({ path: join(RESULTS_DIR, 'settings-user-config-conflict.png') });
      await dialog.getByRole('button', { name: 'Reload' }).click();
      await expect.poll(() => editor.inputValue()).toContain('e2e-from-elsewhere');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
