/**
 * The agent's terminal (the agent under tmux) as a user meets it in Chromium over the real web
 * mode on Docker: the whole history is in the view's own scrollback (the wheel, the scrollbar
 * and Find reach the first line), also after a reload and after the connection drops; the
 * terminal fits its box (the last row shown whole) and tmux's window has the viewer's size.
 */
import { resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectEngineAt } from '../../src/main/engine';
import { TMUX_SESSION, TMUX_SOCKET } from '../../src/main/terminals/agent-tmux';
import { silentLog } from '../../src/main/transport/log';
import { startWebServer } from '../../src/main/transport/web/server';
import {
  RENDERER_DIR,
  RESULTS_DIR,
  type AppPage,
  describeE2E,
  openAppPage,
  pageFailure,
} from './harness';

/** Not the shared session image: this suite's image has tmux, as the default one does. */
const TMUX_DOCKERFILE = resolve(__dirname, '../fixtures/tmux-image/Dockerfile');

const LINES = 600;
// Numbered lines (every 20th red), one line longer than any window (it wraps), then an
// interactive echo: far more than a screenful has scrolled off before the browser looks.
const AGENT = [
  `i=1; while [ $i -le ${LINES} ]; do`,
  '  if [ $((i % 20)) = 0 ]; then printf "\\033[31mhist-%04d red\\033[0m\\n" $i;',
  '  else printf "hist-%04d\\n" $i; fi; i=$((i+1)); done',
  'printf "long-%0400d-end\\n" 0',
  'echo READY',
  'exec cat',
].join('\n');

const local = () => ({ transport: 'local' as const, signal: new AbortController().signal });

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
}

/** What the viewer shows now (the rows in the viewport). */
const shown = (page: Page) =>
  page
    .locator('.terminal-view .xterm-rows')
    .first()
    .innerText()
    .catch(() => '');

/** How much of the whole buffer the scrollbar's slider stands for (1: no scrollback). */
const sliderShare = (page: Page) =>
  page.evaluate(() => {
    const bar = document.querySelector<HTMLElement>('.terminal-view .scrollbar.vertical');
    const slider = bar?.querySelector<HTMLElement>('.slider');
    if (!bar || !slider) return 1;
    return slider.getBoundingClientRect().height / bar.getBoundingClientRect().height;
  });

describeE2E('the agent terminal under tmux (Chromium, Docker)', (engine) => {
  let ap: AppPage;
  let repo: string;
  let containerId = '';
  const problems: string[] = [];

  beforeAll(async () => {
    ap = await openAppPage(engine, {
      problems,
      userConfig: {
        dockerImage: 'ccr-test-tmux-session:latest',
        dockerfile: TMUX_DOCKERFILE,
        network: 'none',
        agent: { command: ['sh', '-c', AGENT] },
      },
    });
    repo = await mkdtemp(join(tmpdir(), 'ccr-e2e-term-'));
    git(repo, 'init', '-q', '-b', 'main');
    await writeFile(join(repo, 'README.md'), '# term\n');
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.name=T', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'i');
    const s = await ap.app.core.handlers.startSession(
      { folder: repo, name: 'claude/term' },
      local(),
    );
    containerId = s.containerId ?? '';
  }, 400_000);

  afterAll(async () => {
    await ap?.browser.close();
    await ap?.app.stop();
    if (repo) await rm(repo, { recursive: true, force: true });
  }, 120_000);

  async function openSession(page: Page): Promise<void> {
    await page.getByTestId('session-row').first().locator('.session-main').click();
    await expect.poll(() => shown(page), { timeout: 60_000 }).toContain('READY');
  }

  /** The tmux window's size, as tmux itself reports it. */
  async function tmuxSize(): Promise<{ cols: number; rows: number }> {
    const e = await connectEngineAt(engine.address);
    const r = await e.exec(containerId, {
      cmd: [
        'tmux',
        '-S',
        TMUX_SOCKET,
        'display-message',
        '-p',
        '-t',
        TMUX_SESSION,
        '#{window_width}x#{window_height}',
      ],
      user: 'agent',
    });
    const [cols, rows] = r.stdout.toString().trim().split('x').map(Number);
    return { cols: cols!, rows: rows! };
  }

  async function viewerSize(page: Page) {
    return page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('.terminal-view [data-rows]')!;
      const view = document.querySelector<HTMLElement>('.terminal-view')!.getBoundingClientRect();
      const screen = document
        .querySelector<HTMLElement>('.terminal-view .xterm-screen')!
        .getBoundingClientRect();
      const rows = Number(el.dataset.rows);
      return {
        cols: Number(el.dataset.cols),
        rows,
        cellHeight: screen.height / rows,
        spareHeight: view.bottom - 4 - screen.bottom,
        windowHeight: window.innerHeight,
        screenBottom: screen.bottom,
      };
    });
  }

  /** Scrolls the view back with the wheel until the first line shows (or gives up). */
  async function wheelToTop(page: Page): Promise<void> {
    const box = (await page.locator('.terminal-view .xterm-screen').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 400 && !(await shown(page)).includes('hist-0001'); i++) {
      await page.mouse.wheel(0, -4000);
    }
  }

  it('scrolls, finds and keeps the whole history, also after a reload and a reconnect', async () => {
    const { page } = ap;
    try {
      await openSession(page);
      // The scrollbar reaches back over the history, not one screenful.
      await expect.poll(() => sliderShare(page)).toBeLessThan(0.2);
      await wheelToTop(page);
      expect(await shown(page)).toContain('hist-0001');
      // Selecting with the mouse works there, in the history (xterm draws the selection).
      const screen = (await page.locator('.terminal-view .xterm-screen').boundingBox())!;
      await page.mouse.move(screen.x + 2, screen.y + 5);
      await page.mouse.down();
      await page.mouse.move(screen.x + 200, screen.y + 120, { steps: 5 });
      await page.mouse.up();
      await expect
        .poll(() => page.locator('.terminal-view .xterm-selection div').count())
        .toBeGreaterThan(0);
      await page.screenshot({ path: join(RESULTS_DIR, 'terminal-history-top.png') });

      // Find searches the history: the match scrolls into view.
      await page.locator('.terminal-view textarea').focus();
      // And back down with the wheel.
      for (let i = 0; i < 400 && !(await shown(page)).includes('READY'); i++) {
        await page.mouse.wheel(0, 4000);
      }
      expect(await shown(page)).toContain('READY');
      await page.keyboard.press('Control+Shift+F');
      await page.getByLabel('Search the terminal').fill('hist-0123');
      await page.getByLabel('Search the terminal').press('Enter');
      await expect.poll(() => shown(page)).toContain('hist-0123');
      await page.screenshot({ path: join(RESULTS_DIR, 'terminal-history-find.png') });
      await page.getByLabel('Search the terminal').press('Escape');

      // Typing still reaches the agent (no copy mode in the way), its echo shows.
      await page.locator('.terminal-view textarea').focus();
      await page.keyboard.type('typed-after-scroll\n');
      await expect.poll(() => shown(page)).toContain('typed-after-scroll');

      // A reload is a new viewer: the history is seeded again.
      await page.reload();
      await page.getByText('Web mode · connected').waitFor({ timeout: 20_000 });
      await openSession(page);
      await wheelToTop(page);
      expect(await shown(page)).toContain('hist-0001');

      // The connection drops and comes back (the server restarts on the same port).
      const port = ap.app.server.port;
      await ap.app.server.close();
      ap.app.server = await startWebServer({
        core: ap.app.core,
        rendererDir: RENDERER_DIR,
        port,
        log: silentLog,
      });
      await page.goto(ap.app.server.url);
      await page.getByText('Web mode · connected').waitFor({ timeout: 20_000 });
      await openSession(page);
      await wheelToTop(page);
      expect(await shown(page)).toContain('hist-0001');
      // Colours survive the seeding.
      const red = await page.evaluate(() => {
        const span = Array.from(document.querySelectorAll('.terminal-view .xterm-rows span')).find(
          (s) => s.textContent?.includes('hist-0020 red'),
        );
        return span ? getComputedStyle(span).color : null;
      });
      expect(red).not.toBeNull();
      expect(red).not.toBe('rgb(212, 212, 212)');
      expect(problems).toEqual([]);
    } catch (e) {
      throw await pageFailure(page, join(RESULTS_DIR, 'terminal-history-failure.png'), e);
    }
  }, 240_000);

  it("fits the box (the last row whole) and tmux's window has the viewer's size", async () => {
    const { page } = ap;
    try {
      for (const size of [
        { width: 1280, height: 800 },
        { width: 1024, height: 640 },
        { width: 1920, height: 1080 },
      ]) {
        await page.setViewportSize(size);
        await expect
          .poll(
            async () => {
              const v = await viewerSize(page);
              const t = await tmuxSize();
              return `${t.cols}x${t.rows}` === `${v.cols}x${v.rows}`;
            },
            { timeout: 20_000 },
          )
          .toBe(true);
        const v = await viewerSize(page);
        expect(v.spareHeight, `${size.width}x${size.height}`).toBeGreaterThanOrEqual(0);
        expect(v.spareHeight, `${size.width}x${size.height}`).toBeLessThan(v.cellHeight);
        expect(v.screenBottom).toBeLessThanOrEqual(v.windowHeight);
        // The bottom row is the agent's: what is typed shows on the last row of the view.
        await page.locator('.terminal-view textarea').focus();
        await page.keyboard.type(`bottom-${size.width}`);
        await expect
          .poll(async () => (await shown(page)).trimEnd().split('\n').at(-1))
          .toContain(`bottom-${size.width}`);
        await page.keyboard.press('Enter');
        await page.screenshot({ path: join(RESULTS_DIR, `terminal-fit-${size.width}.png`) });
      }
      expect(problems).toEqual([]);
    } catch (e) {
      throw await pageFailure(page, join(RESULTS_DIR, 'terminal-fit-failure.png'), e);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  }, 180_000);
});
