/**
 * The review diff stays fast on a large file when comments come into play: opening the comment
 * editor on a 5,000-line diff re-renders its row only (rows are memoised), so it costs a small
 * fraction of drawing the diff. Measured with React's Profiler in Chromium.
 */
import { build } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromiumSession, chromiumMissing, launchChromium } from '../helpers/chromium';

const ENTRY = resolve(__dirname, 'fixtures/diff-speed-entry.tsx');
const LINES = 5000;

const missing = chromiumMissing();
(missing ? describe.skip : describe)(`review diff speed${missing ? ` (${missing})` : ''}`, () => {
  let browser: ChromiumSession;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ccr-diff-speed-'));
    await build({
      entryPoints: [ENTRY],
      bundle: true,
      outfile: join(dir, 'entry.js'),
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"development"' },
      logLevel: 'silent',
    });
    await writeFile(
      join(dir, 'index.html'),
      '<!doctype html><div id="root"></div><script src="entry.js"></script>',
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
    await page.locator(`td[data-line="${LINES}"]`).waitFor();
    await page.evaluate(() =>
      (window as never as { openEditor(l: number): void }).openEditor(2500),
    );
    await page.getByTestId('comment-editor').waitFor();
    const commits = await page.evaluate(
      () => (window as never as { commits: Array<{ phase: string; ms: number }> }).commits,
    );
    const mount = commits.find((c) => c.phase === 'mount')!.ms;
    const open = commits.filter((c) => c.phase !== 'mount').reduce((s, c) => s + c.ms, 0);
    console.log(
      `diff of ${LINES} lines: mount ${mount.toFixed(1)} ms, editor open ${open.toFixed(1)} ms`,
    );
    expect(open).toBeLessThan(mount / 20);
    await page.close();
  }, 120_000);
});
