/**
 * The review diff in Chromium, on a page of its own: it stays fast on a large file when
 * comments come into play (the rows are virtualised, and opening the editor on a 5,000-line
 * diff re-renders only the rows it touches, measured with React's Profiler), and the keyboard
 * path works side by side.
 */
import { build } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromiumSession, chromiumMissing, launchChromium } from '../helpers/chromium';

const ENTRY = resolve(__dirname, 'fixtures/review-diff-entry.tsx');
const LINES = 5000;

const missing = chromiumMissing();
(missing ? describe.skip : describe)(
  `review diff in Chromium${missing ? ` (${missing})` : ''}`,
  () => {
    let browser: ChromiumSession;
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ccr-review-diff-'));
      await build({
        entryPoints: [ENTRY],
        bundle: true,
        outfile: join(dir, 'entry.js'),
        jsx: 'automatic',
        define: { 'process.env.NODE_ENV': '"development"' },
        logLevel: 'silent',
      });
      // The diff scrolls in a box of its own, as in the review's diff pane.
      await writeFile(
        join(dir, 'index.html'),
        '<!doctype html><style>#root{height:600px;display:flex;flex-direction:column}' +
          '.rd-diff{flex:1;min-height:0;overflow:auto}</style>' +
          '<div id="root"></div><script src="entry.js"></script>',
      );
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('opens the editor on a 5,000-line diff without redrawing the diff', async () => {
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(join(dir, 'index.html')).href);
      const body = Array.from({ length: LINES }, (_, i) => `+line ${i + 1}`).join('\n');
      const patch = `diff --git a/big.txt b/big.txt\nnew file mode 100644\n--- /dev/null\n+++ b/big.txt\n@@ -0,0 +1,${LINES} @@\n${body}\n`;
      await page.evaluate((p) => (window as never as { mount(p: string): void }).mount(p), patch);
      await page.locator('td[data-line="1"]').waitFor();
      // Virtualised: a screenful of rows (and a margin) is in the page, not 5,000.
      expect(await page.locator('td[data-line]').count()).toBeLessThan(200);
      await page.locator('.rd-diff').evaluate((el) => (el.scrollTop = el.scrollHeight));
      await page.locator(`td[data-line="${LINES}"]`).waitFor();
      type W = { commits: Array<{ phase: string; ms: number }> };
      // What the scroll drew is not the editor's: count from here.
      const before = await page.evaluate(() => (window as never as W).commits.length);
      await page.evaluate(() =>
        (window as never as { openEditor(l: number): void }).openEditor(4990),
      );
      await page.getByTestId('comment-editor').waitFor();
      const commits = await page.evaluate(() => (window as never as W).commits);
      const mount = commits.find((c) => c.phase === 'mount')!.ms;
      const open = commits.slice(before).reduce((s, c) => s + c.ms, 0);
      console.log(
        `diff of ${LINES} lines: mount (a screenful) ${mount.toFixed(1)} ms, editor open ${open.toFixed(1)} ms`,
      );
      // The rows the editor does not touch are not drawn again.
      expect(open).toBeLessThan(mount / 4);
      await page.close();
    }, 120_000);

    it('moves between lines and sides by keyboard and comments on a range (side by side)', async () => {
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(join(dir, 'index.html')).href);
      const patch =
        'diff --git a/big.txt b/big.txt\n--- a/big.txt\n+++ b/big.txt\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n';
      await page.evaluate(
        (p) => (window as never as { mount(p: string, m: string): void }).mount(p, 'split'),
        patch,
      );
      // Tab reaches "Comment on file", then the diff's one focusable line; arrows move from there.
      // The diff draws its rows in steps: wait until the button and the lines are there.
      await page.getByRole('button', { name: 'Comment on file' }).waitFor();
      await page.locator('[data-side="new"][data-line="1"]').waitFor();
      await page.keyboard.press('Tab');
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.textContent))
        .toBe('Comment on file');
      await page.keyboard.press('Tab');
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return `${el?.dataset.side}:${el?.dataset.line}`;
        });
      await expect.poll(focused).toBe('new:1');
      await page.keyboard.press('ArrowLeft');
      await expect.poll(focused).toBe('old:1');
      await page.keyboard.press('Shift+ArrowDown');
      await expect.poll(focused).toBe('old:2');
      await page.keyboard.press('c');
      const editor = page.getByTestId('comment-editor');
      await expect.poll(() => editor.innerText()).toContain('Comment on big.txt:1-2 (old)');
      await page.keyboard.press('Escape');
      await expect.poll(() => editor.count()).toBe(0);
      await expect.poll(focused).toBe('old:2');
      await page.close();
    }, 60_000);
  },
);
