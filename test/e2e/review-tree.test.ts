/**
 * The review as three panes (commits | files | diff), in Chromium over the real web mode with a
 * real session on Docker. The scripted agent commits a change of many files in folders (names
 * that sort wrongly as text), a re-indented file, an image, a file above the size guard and a
 * one-word edit of TypeScript holding markup; then a second commit. The user sees the folder
 * tree in natural order with +/− per folder, collapses and filters it, marks files viewed (kept
 * per commit, seen from a second window, live while both are open), moves with j/k and n/p,
 * and the diff beside the list has syntax colours and the changed word marked, hides
 * whitespace-only changes, shows the image's size and preview, an SVG's text diff and what it
 * draws (as an image only: its script never runs), the big file's first part, then the rest
 * on request. Screenshots at
 * 1280×800 and 1920×1080.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChromiumSession } from '../helpers/chromium';
import {
  RESULTS_DIR,
  type RunningApp,
  describeE2E,
  openAppPage,
  openFolder,
  pageFailure,
} from './harness';
import { FIXTURE_DOCKERFILE } from '../helpers/session-harness';

const AGENT = [
  'set -e',
  'commit() { git -c user.name=Agent -c user.email=agent@example.invalid commit -q -m "$1"; }',
  'mkdir -p src/parts docs',
  'for i in $(seq 1 12); do printf "export const part%s = %s;\\n" $i $i > src/parts/file$i.ts; done',
  "printf '# Guide\\n\\nRead me.\\n' > docs/guide.md",
  // A one-word change in TypeScript whose text holds markup (it must stay text).
  'sed -i \'s/return "<img src=x onerror=alert(1)>" + a;/return "<img src=x onerror=alert(1)>" + b;/\' src/app.ts',
  // Re-indented only.
  "printf 'def f():\\n\\treturn 1\\n' > ws.py",
  // A real 2×2 PNG (red, green / red, green), 74 bytes.
  "printf '\\211\\120\\116\\107\\015\\012\\032\\012\\000\\000\\000\\015\\111\\110\\104\\122\\000\\000\\000\\002\\000\\000\\000\\002\\010\\002\\000\\000\\000\\375\\324\\232\\163\\000\\000\\000\\021\\111\\104\\101\\124\\170\\234\\143\\370\\317\\300\\300\\360\\037\\214\\200\\030\\000\\035\\360\\003\\375\\323\\320\\175\\046\\000\\000\\000\\000\\111\\105\\116\\104\\256\\102\\140\\202' > logo.png",
  'seq 1 60000 | sed "s/^/generated line /" > big.txt',
  // An SVG whose markup holds a script: previewed only as an image, its text as text.
  `printf '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><script>document.title="svg ran"</script><rect width="16" height="16" fill="green"/></svg>\\n' > icon.svg`,
  'git add -A',
  'commit "Add parts, docs, logo and big"',
  "printf 'export const extra = 1;\\n' > src/extra.ts",
  'git add -A',
  'commit "Add extra"',
  'exec sleep 3600',
].join('\n');

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
}

describeE2E('review in three panes (Chromium, Docker)', (engine) => {
  let app: RunningApp;
  let browser: ChromiumSession;
  let page: Page;
  const problems: string[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    ({ app, browser, page } = await openAppPage(engine, {
      userConfig: {
        dockerImage: 'ccr-test-session:latest',
        dockerfile: FIXTURE_DOCKERFILE,
        network: 'none',
        agent: { command: ['bash', '-c', AGENT] },
      },
      problems,
    }));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }, 120_000);

  const tree = () => page.getByRole('tree', { name: 'Changed files' });
  const fileRow = (name: string) => page.getByTestId('file-row').filter({ hasText: name });
  const diff = () => page.getByTestId('file-diff');
  const current = () => page.locator('[data-testid="file-row"][aria-current="true"]');

  it('shows the tree, the diff beside it, viewed marks and keyboard moves', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'ccr-e2e-tree-'));
    dirs.push(repo);
    git(repo, 'init', '-q', '-b', 'main');
    await writeFile(join(repo, 'README.md'), '# tree\n');
    await mkdir(join(repo, 'src'));
    await writeFile(
      join(repo, 'src/app.ts'),
      'export function render(a: string, b: string): string {\n  return "<img src=x onerror=alert(1)>" + a;\n}\n',
    );
    await writeFile(join(repo, 'ws.py'), 'def f():\n  return 1\n');
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.name=T', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'init');
    const branch = 'claude/e2e-tree';
    try {
      await openFolder(page, repo);
      await page.getByPlaceholder('claude/2026-01-01-120000').fill(branch);
      await page.getByRole('button', { name: 'Start session' }).click();
      const row = page.getByTestId('session-row').filter({ hasText: branch });
      await expect
        .poll(() => row.getAttribute('data-session-status'), { timeout: 240_000 })
        .toBe('running');
      await page.getByRole('tab', { name: /Review changes/ }).click();
      const first = page
        .getByTestId('commit-row')
        .filter({ hasText: 'Add parts, docs, logo and big', visible: true });
      await first.waitFor({ timeout: 90_000 });
      await first.click();

      // The tree: folders first, natural order, compact single folders, +/− per folder.
      await fileRow('file10.ts').waitFor();
      const flat = await tree().locator('.rv-name').allInnerTexts();
      const at = (n: string) => flat.indexOf(n);
      expect(at('file2.ts')).toBeLessThan(at('file10.ts'));
      expect(at('file9.ts')).toBeLessThan(at('file10.ts'));
      expect(at('docs')).toBeLessThan(at('big.txt'));
      const parts = page.getByTestId('folder-row').filter({ hasText: 'parts' });
      expect(await parts.innerText()).toContain('+12');
      expect(await page.getByTestId('review-summary').innerText()).toMatch(/18 files/);

      // The first file is open at once, beside the list, in view.
      await expect.poll(() => current().count()).toBe(1);
      const treeBox = (await tree().boundingBox())!;
      const diffBox = (await diff().boundingBox())!;
      expect(diffBox.x).toBeGreaterThanOrEqual(treeBox.x + treeBox.width - 1);
      expect(diffBox.y).toBeLessThan(800);

      // Collapse and filter.
      await parts.click();
      await expect.poll(() => fileRow('file10.ts').count()).toBe(0);
      await parts.click();
      await fileRow('file10.ts').waitFor();
      await page.getByLabel('Filter files').fill('file1');
      await expect.poll(() => page.getByTestId('file-row').count()).toBe(4); // 1, 10, 11, 12
      await page.getByLabel('Filter files').fill('');

      // Syntax colours and the changed word, as text (no element from the repo's markup).
      await fileRow('app.ts').click();
      await diff().locator('.hljs-keyword').first().waitFor();
      await expect.poll(() => diff().locator('.rd-word').allInnerTexts()).toContain('b');
      expect(await diff().locator('img').count()).toBe(0);
      expect(await diff().innerText()).toContain('"<img src=x onerror=alert(1)>"');
      await page.screenshot({ path: join(RESULTS_DIR, 'review-tree-1280.png') });

      // Whitespace-only changes hidden on request.
      await fileRow('ws.py').click();
      await diff().locator('td[data-line]').first().waitFor();
      await diff().getByLabel('Hide whitespace').check();
      await diff().getByText('Only whitespace changed (hidden).').waitFor();
      await diff().getByLabel('Hide whitespace').uncheck();

      // An image: its size and a preview (the bytes as a data: image, decoded by the browser).
      await fileRow('logo.png').click();
      expect(await diff().getByTestId('binary-note').innerText()).toMatch(/Image.*Added, 74 B/);
      const after = diff().getByRole('img', { name: 'After: logo.png' });
      await expect
        .poll(() => after.evaluate((el) => (el as HTMLImageElement).naturalWidth))
        .toBe(2);
      expect(
        await diff()
          .getByRole('img', { name: /Before/ })
          .count(),
      ).toBe(0);
      await page.screenshot({ path: join(RESULTS_DIR, 'review-image-1280.png') });

      // An SVG: its text diff (the script as text), and what it draws as an image only.
      const title = await page.title();
      await fileRow('icon.svg').click();
      await diff().locator('td[data-line]').first().waitFor();
      expect(await diff().innerText()).toContain('<script>document.title="svg ran"</script>');
      const drawn = diff().getByRole('img', { name: 'After: icon.svg' });
      await expect
        .poll(() => drawn.evaluate((el) => (el as HTMLImageElement).naturalWidth))
        .toBe(16);
      expect(await drawn.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(await page.locator('svg rect[fill="green"], svg script').count()).toBe(0);
      expect(await page.title()).toBe(title);

      // A file above the guard: its first part at once, the rest on request.
      await fileRow('big.txt').click();
      await diff().getByTestId('diff-part').waitFor();
      expect(await diff().getByTestId('diff-part').innerText()).toContain('60,000 changed lines');
      // The head counts the whole file, not the part drawn so far.
      expect(await diff().locator('.rd-file-head').innerText()).toContain('+60000');
      const scroller = diff().locator('.rd-diff');
      const rowsOf = () => diff().locator('table').getAttribute('data-rows');
      expect(Number(await rowsOf())).toBeLessThan(3000);
      await diff().getByRole('button', { name: 'Show the whole file' }).click();
      await expect.poll(async () => Number(await rowsOf()), { timeout: 30_000 }).toBe(60_001);
      await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
      await diff().locator('td[data-line="60000"]').waitFor();

      // Viewed marks: counted, kept per commit, seen from a second window.
      await page.getByLabel('Viewed src/app.ts').check();
      await page.getByLabel('Viewed docs/guide.md').check();
      await expect
        .poll(() => page.getByTestId('review-summary').innerText())
        .toContain('2/18 viewed');
      await page.getByTestId('commit-row').filter({ hasText: 'Add extra', visible: true }).click();
      await fileRow('extra.ts').waitFor();
      expect(await page.getByTestId('review-summary').innerText()).toContain('0/1 viewed');
      await first.click();
      await fileRow('file10.ts').waitFor();
      expect(await page.getByLabel('Viewed src/app.ts').isChecked()).toBe(true);
      const other = await browser.context.newPage();
      other.on('pageerror', (e) => problems.push(`second window: ${e.message}`));
      await other.setViewportSize({ width: 1920, height: 1080 });
      await other.goto(app.server.url);
      await other.getByTestId('session-row').filter({ hasText: branch }).click();
      await other.getByRole('tab', { name: /Review changes/ }).click();
      await other
        .getByTestId('commit-row')
        .filter({ hasText: 'Add parts, docs, logo and big', visible: true })
        .click();
      await other.getByTestId('file-row').filter({ hasText: 'guide.md' }).waitFor();
      // Asked of the app as the window opens the commit.
      await expect.poll(() => other.getByLabel('Viewed docs/guide.md').isChecked()).toBe(true);
      await other.getByTestId('file-row').filter({ hasText: 'app.ts' }).click();
      await other.locator('.rd-word').first().waitFor();
      await other.screenshot({ path: join(RESULTS_DIR, 'review-tree-1920.png') });
      // A mark made here shows there while both are open (the app's viewedChanged event).
      await page.getByLabel('Viewed docs/guide.md').uncheck();
      await expect
        .poll(() => other.getByLabel('Viewed docs/guide.md').isChecked(), { timeout: 1500 })
        .toBe(false);
      await other.getByLabel('Viewed ws.py').check();
      await expect
        .poll(() => page.getByLabel('Viewed ws.py').isChecked(), { timeout: 1500 })
        .toBe(true);
      await other.close();

      // Keyboard: j / k walk the files in tree order, n jumps to the next change.
      await fileRow('file1.ts').click();
      await page.keyboard.press('j');
      await expect.poll(() => current().getAttribute('data-path')).toBe('src/parts/file2.ts');
      await page.keyboard.press('j');
      await expect.poll(() => current().getAttribute('data-path')).toBe('src/parts/file3.ts');
      await page.keyboard.press('k');
      await expect.poll(() => current().getAttribute('data-path')).toBe('src/parts/file2.ts');
      await fileRow('app.ts').click();
      await diff().locator('.rd-word').first().waitFor();
      await page.keyboard.press('n');
      await expect
        .poll(() =>
          page.evaluate(() => {
            const el = document.activeElement as HTMLElement | null;
            return el?.closest('tr')?.className ?? '';
          }),
        )
        .toMatch(/rd-(delete|insert)/);
      // v toggles the open file's viewed mark (app.ts was marked above).
      await page.keyboard.press('v');
      await expect.poll(() => page.getByLabel('Viewed src/app.ts').isChecked()).toBe(false);
      // n past the last change goes on to the next file.
      await page.keyboard.press('n');
      await expect.poll(() => current().getAttribute('data-path')).toBe('big.txt');
      expect(problems).toEqual([]);
    } catch (e) {
      throw await pageFailure(page, join(RESULTS_DIR, 'review-tree-failure.png'), e);
    }
  }, 500_000);
});
