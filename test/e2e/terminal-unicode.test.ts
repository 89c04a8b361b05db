/**
 * Unicode in the terminal as a user meets it: the real Claude Code's first screen, from the
 * default image with no network (it needs none to draw), in Chromium over the web mode on
 * Docker. Its box drawing and symbols, and an emoji, are drawn as characters: for each
 * non-ASCII character on the screen the terminal's font stack draws something other than the
 * "missing glyph" box. Screenshots: test-results/terminal-unicode-*.png.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectEngineAt } from '../../src/main/engine';
import { RESULTS_DIR, type AppPage, describeE2E, openAppPage, pageFailure } from './harness';

// The default image used as it is (buildImage: false): this test must not rebuild it (that
// needs the network). The app's own build of it, named so that the app does not take it for
// its default (which it would check against the current recipe), else the image tests' copy.
const DEFAULT_IMAGES = ['docker.io/library/claude-code-runner:latest', 'ccr-it-default:latest'];
const local = () => ({ transport: 'local' as const, signal: new AbortController().signal });

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
}

const shown = (page: Page) =>
  page
    .locator('.terminal-view .xterm-rows')
    .first()
    .innerText()
    .catch(() => '');

/**
 * The characters among `chars` that the terminal's font stack has no glyph for: drawn on a
 * canvas with the terminal's own font, each is compared with a character no font has (the
 * box a browser draws for a missing glyph).
 */
function missingGlyphs(page: Page, chars: string[]): Promise<string[]> {
  return page.evaluate((list) => {
    const el = document.querySelector<HTMLElement>('.terminal-view .xterm-rows')!;
    const style = getComputedStyle(el);
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 64;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    const draw = (c: string) => {
      ctx.clearRect(0, 0, 64, 64);
      ctx.font = `32px ${style.fontFamily}`;
      ctx.fillStyle = '#000';
      ctx.textBaseline = 'top';
      ctx.fillText(c, 4, 4);
      return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(',');
    };
    const tofu = draw('\u{10FFFD}');
    return list.filter((c) => draw(c) === tofu);
  }, chars);
}

describeE2E('Unicode in the terminal (Chromium, Docker, default image)', (engine) => {
  let ap: AppPage | undefined;
  let repo = '';
  let reason = '';
  const problems: string[] = [];

  beforeAll(async () => {
    const e = await connectEngineAt(engine.address);
    let image = '';
    for (const ref of DEFAULT_IMAGES) if (!image && (await e.imageExists(ref))) image = ref;
    if (!image) {
      reason = `the default image is not built here (${DEFAULT_IMAGES.join(', ')})`;
      return;
    }
    ap = await openAppPage(engine, {
      problems,
      // The app's default agent (Claude Code) in the default image, offline.
      userConfig: { dockerImage: image, buildImage: false, network: 'none' },
    });
    repo = await mkdtemp(join(tmpdir(), 'ccr-e2e-unicode-'));
    git(repo, 'init', '-q', '-b', 'main');
    await writeFile(join(repo, 'README.md'), '# unicode\n');
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.name=T', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'i');
    await ap.app.core.handlers.startSession({ folder: repo, name: 'claude/unicode' }, local());
  }, 600_000);

  afterAll(async () => {
    await ap?.browser.close();
    await ap?.app.stop();
    if (repo) await rm(repo, { recursive: true, force: true });
  }, 120_000);

  it("draws Claude Code's first screen, box drawing, symbols and emoji as characters", async (ctx) => {
    if (!ap) {
      if (process.env.CI) throw new Error(reason);
      ctx.skip(reason);
      return;
    }
    const { page } = ap;
    try {
      await page.getByTestId('session-row').first().locator('.session-main').click();
      // Claude Code's first screen: its welcome, drawn with block elements (░ ▒ ▓ █ ▀ ▄); with
      // no network it then says it cannot connect, and stays on screen.
      await expect
        .poll(() => shown(page), { timeout: 120_000 })
        .toContain('Welcome to Claude Code');
      await expect.poll(async () => /[░▒▓█▀▄]/.test(await shown(page))).toBe(true);
      // Let the screen settle (it animates), then look at it.
      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(RESULTS_DIR, 'terminal-unicode-claude.png') });
      const text = await shown(page);
      const nonAscii = [...new Set([...text].filter((c) => c.codePointAt(0)! > 0x7f))];
      expect(nonAscii.length).toBeGreaterThan(3);
      expect(await missingGlyphs(page, nonAscii)).toEqual([]);

      // The box drawing and symbols Claude Code draws on its other screens, and emoji.
      const more = [
        '╭',
        '╮',
        '╰',
        '╯',
        '─',
        '│',
        '✻',
        '⏺',
        '⎿',
        '✔',
        '✗',
        '▶',
        '●',
        '→',
        '🚀',
        '✨',
      ];
      expect(await missingGlyphs(page, more)).toEqual([]);
      // The same characters printed in the terminal (the agent's terminal is a shell now).
      const line = '╭──╮ ✻ ⏺ ⎿ ✔ ✗ ▶ ● → 🚀 ✨ ╰──╯';
      await page.locator('.terminal-view textarea').focus();
      await page.keyboard.type(`clear; printf '%s\\n' '${line}' | tr -d x\n`);
      await expect.poll(() => shown(page)).toMatch(/^╭──╮ ✻ ⏺ ⎿ ✔ ✗ ▶ ● → 🚀 ✨ ╰──╯/m);
      await page.screenshot({ path: join(RESULTS_DIR, 'terminal-unicode-symbols.png') });
      // The check does tell: an unassigned code point has no glyph in any font.
      expect(await missingGlyphs(page, ['\u0378'])).toEqual(['\u0378']);
      expect(problems).toEqual([]);
    } catch (e) {
      throw await pageFailure(page, join(RESULTS_DIR, 'terminal-unicode-failure.png'), e);
    }
  }, 240_000);
});
