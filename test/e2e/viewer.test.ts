/**
 * The session view as a user meets it, in Chromium over the real web mode on Docker: the
 * terminal fits its box at 1280x800 and 1280x700 (no row hidden under the edge, no scrollbar
 * on the panel or the page) and the shell's own size (`stty size`) is the one the viewer
 * shows; a long session name is cut with an ellipsis and keeps the Terminals / Review switch
 * on screen; both themes (the system's choice) are looked at; a new link opened in the same
 * tab after a server restart connects with its new token.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLog } from '../../src/main/transport/log';
import { startWebServer } from '../../src/main/transport/web/server';
import { type ChromiumSession, launchChromium } from '../helpers/chromium';
import {
  RENDERER_DIR,
  RESULTS_DIR,
  type RunningApp,
  describeE2E,
  ensureBuilt,
  startApp,
} from './harness';
import { FIXTURE_DOCKERFILE } from '../helpers/session-harness';

const GREETING = 'Hello from the viewer agent';
// Long enough to push anything after it off a 1280 px window when it is not cut.
const LONG_BRANCH = `claude/${'a-rather-long-branch-name-for-a-session-'.repeat(4)}end`;
const local = () => ({ transport: 'local' as const, signal: new AbortController().signal });

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(RESULTS_DIR, name) });
}

/** What the user sees of the shown terminal and of the page around it. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const view = document.querySelector<HTMLElement>('.terminal-view')!;
    const sized = view.querySelector<HTMLElement>('[data-rows]')!;
    const screen = view.querySelector<HTMLElement>('.xterm-screen')!.getBoundingClientRect();
    const box = view.getBoundingClientRect();
    const pad = 4; // .terminal-host's padding around the terminal
    const rows = Number(sized.dataset.rows);
    const cols = Number(sized.dataset.cols);
    const overflows = (el: Element | null) =>
      el ? el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth : false;
    return {
      rows,
      cols,
      cellHeight: screen.height / rows,
      cellWidth: screen.width / cols,
      /** Room below / right of the terminal's last row / column inside its padded box. */
      spareHeight: box.bottom - pad - screen.bottom,
      spareWidth: box.right - pad - screen.right,
      viewBottom: box.bottom,
      windowHeight: window.innerHeight,
      scrolling: {
        page: overflows(document.scrollingElement),
        panel: overflows(document.querySelector('.panel')),
        session: overflows(document.querySelector('.session-panel')),
        area: overflows(document.querySelector('.terminal-area')),
        host: overflows(view.querySelector('.terminal-host')),
      },
    };
  });
}

describeE2E('the session view in web mode (Chromium, Docker)', (engine) => {
  let app: RunningApp;
  let browser: ChromiumSession;
  let repo: string;
  const problems: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    app = await startApp(engine, '0.0.0-e2e');
    browser = await launchChromium();
    await mkdir(RESULTS_DIR, { recursive: true });
    await app.writeUserConfig({
      dockerImage: 'ccr-test-session:latest',
      dockerfile: FIXTURE_DOCKERFILE,
      network: 'none',
      agent: { command: ['sh', '-c', `printf '%s\\n' '${GREETING}'; exec sleep 3600`] },
    });
    repo = await mkdtemp(join(tmpdir(), 'ccr-e2e-viewer-'));
    git(repo, 'init', '-q', '-b', 'main');
    await writeFile(join(repo, 'README.md'), '# viewer\n');
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.name=T', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'i');
    await app.core.handlers.startSession({ folder: repo, name: LONG_BRANCH }, local());
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (repo) await rm(repo, { recursive: true, force: true });
  }, 120_000);

  // One page for all: a link may be good for one page only (a one-time link); reloads and the
  // new link after a restart are what these tests look at anyway.
  let shared: Page | undefined;
  async function open(): Promise<Page> {
    if (shared) return shared;
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(app.server.url);
    await expect
      .poll(() => page.getByText('Web mode · connected').count(), { timeout: 20_000 })
      .toBe(1);
    shared = page;
    return page;
  }

  const terminalText = (page: Page) =>
    page
      .locator('.terminal-view .xterm-rows')
      .first()
      .innerText()
      .catch(() => '');

  /** The size the shell in the shown terminal has, as `stty size` prints it. */
  async function sttySize(page: Page, marker: string) {
    await page.locator('.terminal-view textarea').focus();
    await page.keyboard.type(`clear; echo ${marker}=$(stty size | tr ' ' x)\n`);
    let found: RegExpExecArray | null = null;
    await expect
      .poll(
        async () => (found = new RegExp(`${marker}=(\\d+)x(\\d+)`).exec(await terminalText(page))),
        { timeout: 20_000 },
      )
      .not.toBeNull();
    const m = found as unknown as RegExpExecArray;
    return { rows: Number(m[1]), cols: Number(m[2]) };
  }

  it('fits the terminal to its box at 1280x800 and 1280x700; the shell has the shown size', async () => {
    const page = await open();
    try {
      const row = page.getByTestId('session-row').filter({ hasText: LONG_BRANCH.slice(0, 40) });
      await row.locator('.session-main').click();
      await expect.poll(() => terminalText(page), { timeout: 60_000 }).toContain(GREETING);

      // The long name is cut, its full text in the tooltip; the view switch stays on screen.
      const name = page.locator('.session-header-name');
      expect(await name.getAttribute('title')).toBe(await name.textContent());
      expect(await name.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      const review = page.getByRole('tab', { name: /Review changes/ });
      const box = (await review.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1280);
      expect(await page.evaluate(() => document.body.scrollWidth)).toBeLessThanOrEqual(1280);
      await shot(page, 'viewer-long-name.png');

      await page.getByRole('button', { name: 'New terminal' }).click();
      await page.getByRole('menuitem', { name: 'Shell in the container' }).click();
      await expect.poll(() => page.locator('.subtab').count(), { timeout: 20_000 }).toBe(2);
      await expect.poll(() => terminalText(page), { timeout: 20_000 }).toMatch(/workspace\$/);

      for (const height of [800, 700]) {
        await page.setViewportSize({ width: 1280, height });
        const size = await sttySize(page, `size${height}`);
        const seen = await layout(page);
        // Every row and column shown whole, and no room left for one more.
        expect(seen.spareHeight, `at ${height}px`).toBeGreaterThanOrEqual(0);
        expect(seen.spareHeight, `at ${height}px`).toBeLessThan(seen.cellHeight);
        expect(seen.spareWidth, `at ${height}px`).toBeGreaterThanOrEqual(0);
        expect(seen.viewBottom).toBeLessThanOrEqual(seen.windowHeight);
        expect(seen.scrolling, `at ${height}px`).toEqual({
          page: false,
          panel: false,
          session: false,
          area: false,
          host: false,
        });
        // What the shell was told is what the viewer shows.
        expect(size, `at ${height}px`).toEqual({ rows: seen.rows, cols: seen.cols });
        const terminals = await app.core.handlers.listTerminals(
          { sessionId: (await app.core.handlers.listSessions({}, local())).sessions[0]!.id },
          local(),
        );
        const shell = terminals.terminals.find((t) => t.role !== 'agent')!;
        expect({ rows: shell.rows, cols: shell.cols }).toEqual({
          rows: seen.rows,
          cols: seen.cols,
        });
        // The system's appearance, both ways: the page and the terminal follow it.
        const background = () =>
          page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const termText = () =>
          page.evaluate(() => getComputedStyle(document.querySelector('.xterm-rows')!).color);
        await page.emulateMedia({ colorScheme: 'dark' });
        await expect.poll(termText).toBe('rgb(212, 212, 212)');
        expect(await background()).toBe('rgb(27, 29, 35)');
        await shot(page, `viewer-${height}-dark.png`);
        await page.emulateMedia({ colorScheme: 'light' });
        await expect.poll(termText).toBe('rgb(36, 41, 47)');
        expect(await background()).toBe('rgb(255, 255, 255)');
        await shot(page, `viewer-${height}-light.png`);
      }
      expect(problems).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  }, 180_000);

  it('opens ~/… from the Open folder dialog and keeps what was typed when it cannot', async () => {
    const page = await open();
    try {
      await mkdir(join(app.dataDir, 'typed-project'));
      const field = page.getByPlaceholder('/home/you/projects/my-app');
      await page.getByRole('button', { name: 'Open folder…' }).first().click();
      await field.fill('~/no-such-project');
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('does not exist');
      expect(await field.inputValue()).toBe('~/no-such-project');
      await shot(page, 'open-folder-error.png');
      await field.fill('~/typed-project');
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await expect.poll(() => dialog.count()).toBe(0);
      expect(await page.locator('.tab-label').last().textContent()).toBe('typed-project');
      expect(await page.locator('.tab-label').last().getAttribute('title')).toBe(
        join(app.dataDir, 'typed-project'),
      );
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  }, 60_000);

  it('connects with the new link opened in the same tab after a server restart', async () => {
    const page = await open();
    try {
      const port = app.server.port;
      await app.server.close();
      // The same address, a new token (what `claude-run web` prints after a restart).
      app.server = await startWebServer({
        core: app.core,
        rendererDir: RENDERER_DIR,
        port,
        log: silentLog,
      });
      await expect
        .poll(() => page.getByText('Web mode · connected').count(), { timeout: 20_000 })
        .toBe(0);
      // Only the fragment differs from the page's address: the browser does not load the page.
      await page.goto(app.server.url);
      await expect
        .poll(() => page.getByText('Web mode · connected').count(), { timeout: 20_000 })
        .toBe(1);
      expect(page.url()).not.toContain('token');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  }, 60_000);
});
