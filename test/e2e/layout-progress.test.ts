/**
 * In Chromium over the real web mode on Docker: a page opened while another page's start runs
 * shows that start (the sidebar's phase, the session panel's progress bar and setup output)
 * and ends it when the session runs; a reloaded page comes back with the same tabs in the same
 * order, the same active tab, view and terminal (its screen from the main process); a page
 * opened anew gets the last layout any page had; a corrupted stored layout is ignored, and the
 * tab of a session removed meanwhile is left out.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
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

const GREETING = 'Hello from the layout agent';
const local = () => ({ transport: 'local' as const, signal: new AbortController().signal });

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(RESULTS_DIR, name) });
}

describeE2E('layout memory and starts seen from another page (Chromium, Docker)', (engine) => {
  let app: RunningApp;
  let browser: ChromiumSession;
  let repo: string;
  const problems: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    app = await startApp(engine, '0.0.0-e2e');
    browser = await launchChromium();
    await mkdir(RESULTS_DIR, { recursive: true });
    // The user's own config: the test image, a greeting agent, and a setup slow enough for a
    // second page to open during it (its second command's progress and output come after).
    await app.writeUserConfig({
      dockerImage: 'ccr-test-session:latest',
      dockerfile: FIXTURE_DOCKERFILE,
      network: 'none',
      agent: { command: ['sh', '-c', `printf '%s\\n' '${GREETING}'; exec sleep 3600`] },
      setupCommands: ['sleep 6', 'echo setup-output-line; sleep 4'],
    });
    repo = await mkdtemp(join(tmpdir(), 'ccr-e2e-layout-'));
    git(repo, 'init', '-q', '-b', 'main');
    await writeFile(join(repo, 'README.md'), '# layout\n');
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.name=T', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'i');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (repo) await rm(repo, { recursive: true, force: true });
  }, 120_000);

  async function open(): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(app.server.url);
    await expect
      .poll(() => page.getByText('Web mode · connected').count(), { timeout: 20_000 })
      .toBe(1);
    return page;
  }

  const tabs = (page: Page) => page.locator('.tab-label').allInnerTexts();
  const activeTab = (page: Page) =>
    page.locator('.tab[aria-selected="true"] .tab-label').innerText();
  const terminalText = (page: Page) =>
    page
      .locator('.terminal-view .xterm-rows')
      .first()
      .innerText()
      .catch(() => '');

  it('shows another page’s start, then brings each page’s tabs back after a reload', async () => {
    let a: Page | undefined;
    let b: Page | undefined;
    try {
      // Page A starts a session.
      a = await open();
      await openFolder(a, repo);
      await a.getByPlaceholder('claude/2026-01-01-120000').fill('claude/e2e-layout');
      await a.getByRole('button', { name: 'Start session' }).click();
      await expect
        .poll(() => a!.locator('.progress-text').textContent(), { timeout: 240_000 })
        .toContain('setup command 1');

      // Page B opens meanwhile: the sidebar shows the start's phase, the panel its progress.
      b = await open();
      const row = b.getByTestId('session-row').filter({ hasText: 'claude/e2e-layout' });
      expect(await row.getAttribute('data-session-status')).toBe('starting');
      await row.locator('.session-main').click();
      expect(await b.getByText('The session is starting…').count()).toBe(1);
      await expect
        .poll(() => row.getByTestId('session-phase').textContent(), { timeout: 30_000 })
        .toContain('running setup command 2 of 2');
      expect(await row.getByTestId('session-phase').getAttribute('title')).toMatch(/^setup: /);
      await expect
        .poll(() => b!.getByTestId('start-log').textContent(), { timeout: 30_000 })
        .toContain('setup-output-line');
      expect(await b.locator('.progress-text').textContent()).toContain('setup command 2');
      expect(
        Number(await b.getByRole('progressbar').getAttribute('aria-valuenow')),
      ).toBeGreaterThan(50);
      await shot(b, 'start-seen-from-another-page.png');

      // The session runs: the start's state goes, B's panel shows the agent.
      await expect
        .poll(() => row.getAttribute('data-session-status'), { timeout: 60_000 })
        .toBe('running');
      expect(await row.getByTestId('session-phase').count()).toBe(0);
      await expect.poll(() => terminalText(b!), { timeout: 60_000 }).toContain(GREETING);
      expect(await b.getByRole('progressbar').count()).toBe(0);

      // A: its session tab, the folder's tab again, back to the session on a container shell.
      await expect.poll(() => terminalText(a!), { timeout: 60_000 }).toContain(GREETING);
      await a.locator('.recent-item').first().click();
      await expect.poll(() => tabs(a!)).toHaveLength(2);
      await a.locator('.tab-label').first().click();
      await a.getByRole('button', { name: 'New terminal' }).click();
      await a.getByRole('menuitem', { name: 'Shell in the container' }).click();
      await expect.poll(() => a!.locator('.subtab').count(), { timeout: 20_000 }).toBe(2);
      await expect.poll(() => terminalText(a!), { timeout: 20_000 }).toMatch(/workspace\$/);
      await a.locator('.terminal-view textarea').focus();
      await a.keyboard.type('echo layout-$((6*7))\n');
      await expect.poll(() => terminalText(a!), { timeout: 20_000 }).toContain('layout-42');
      const aTabs = await tabs(a);
      const aActive = await activeTab(a);
      expect(aActive).toBe(aTabs[0]);
      // B: the session's review.
      await b.getByRole('tab', { name: /Review changes/ }).click();
      const bTabs = await tabs(b);

      // A reload brings back A's own layout, the shell's screen included.
      await a.reload();
      await expect.poll(() => tabs(a!), { timeout: 20_000 }).toEqual(aTabs);
      expect(await activeTab(a)).toBe(aActive);
      await expect.poll(() => a!.locator('.subtab').count(), { timeout: 20_000 }).toBe(2);
      expect(await a.locator('.subtab-active').innerText()).toContain('container shell');
      await expect.poll(() => terminalText(a!), { timeout: 20_000 }).toContain('layout-42');
      await shot(a, 'layout-after-reload.png');

      // And B's reload its own: the review, not A's tabs.
      await b.reload();
      await expect.poll(() => tabs(b!), { timeout: 20_000 }).toEqual(bTabs);
      await expect
        .poll(() => b!.getByRole('tab', { name: /Review changes/ }).getAttribute('aria-selected'))
        .toBe('true');
      await shot(b, 'layout-after-reload-review.png');

      // A page opened anew (like the app after a restart) gets the last layout written: B's.
      const c = await open();
      await expect.poll(() => tabs(c), { timeout: 20_000 }).toEqual(bTabs);

      // A corrupted stored layout is ignored: the page starts empty and works.
      await c.evaluate(() => {
        for (const s of [localStorage, sessionStorage])
          s.setItem('ccr.layout', '{"v":1,"tabs":[{"kind":"session","session":"../x"}');
      });
      await c.reload();
      await expect.poll(() => c.getByTestId('session-row').count(), { timeout: 20_000 }).toBe(1);
      expect(await tabs(c)).toEqual([]);
      await c.close();

      // A session removed meanwhile: its tab is left out, the folder's tab stays.
      const { sessions } = await app.core.handlers.listSessions({}, local());
      await app.core.handlers.removeSession({ id: sessions[0]!.id, force: true }, local());
      await a.reload();
      await expect.poll(() => tabs(a!), { timeout: 20_000 }).toEqual([aTabs[1]]);
      expect(await activeTab(a)).toBe(aTabs[1]);
      expect(problems).toEqual([]);
    } catch (e) {
      for (const [name, page] of [
        ['a', a],
        ['b', b],
      ] as const)
        if (page) await shot(page, `layout-failure-${name}.png`).catch(() => undefined);
      throw new Error(`${(e as Error).message}\n--- page errors ---\n${problems.join('\n')}`, {
        cause: e,
      });
    }
  }, 400_000);
});
