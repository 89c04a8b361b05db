/**
 * Review comments end to end, in Chromium over the real web mode with a real session on
 * Docker: the agent commits a file; the user comments on two of its lines (one with the
 * mouse's "+", one from the keyboard: a focused line and `c`), opens "Send to agent…", edits
 * the composed message and sends it now. The scripted agent asked for bracketed paste and reads
 * its terminal raw until the paste's end and Enter: what it received is committed as a file, so
 * the test compares it byte for byte with what the user sent. The agent then changes both
 * lines, and both comments show "changed since" that commit.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChromiumSession } from '../helpers/chromium';
import {
  RESULTS_DIR,
  type RunningApp,
  describeE2E,
  openFolder,
  openAppPage,
  pageFailure,
} from './harness';
import { FIXTURE_DOCKERFILE } from '../helpers/session-harness';

// The image has no tmux: the review is written to the agent's terminal as ESC[200~ … ESC[201~
// then Enter. The agent turns bracketed paste on, reads its terminal raw up to that end and
// the Enter (bash's read may hand the CR over as LF), keeps what was inside, then edits the
// two commented lines.
const AGENT = [
  'set -e',
  'commit() { git -c user.name=Agent -c user.email=agent@example.invalid commit -q -m "$1"; }',
  "printf 'one\\ntwo\\nthree\\nfour\\nfive\\n' > app.txt",
  'git add app.txt',
  'commit "Add app.txt"',
  "printf 'committed\\n'",
  "printf '\\033[?2004h'",
  'stty raw -echo',
  "buf=''",
  "while IFS= read -r -n1 -d '' c; do",
  '  buf+="$c"',
  "  case \"$buf\" in *$'\\e[201~\\r' | *$'\\e[201~\\n') break ;; esac",
  'done',
  'stty sane',
  "buf=${buf#*$'\\e[200~'}",
  "buf=${buf%$'\\e[201~'?}",
  'printf \'%s\' "$buf" > received.txt',
  "printf 'one\\nTWO\\nthree\\nFOUR\\nfive\\n' > app.txt",
  'git add app.txt received.txt',
  'commit "Address the review"',
  "printf 'addressed\\n'",
  // Busy from now on: output keeps coming, so the agent never looks idle.
  "while :; do printf '.'; sleep 1; done",
].join('\n');

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
}

describeE2E('review comments sent to the agent (Chromium, Docker)', (engine) => {
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

  it('comments on two lines, sends the edited message, the agent gets exactly that', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'ccr-e2e-review-'));
    dirs.push(repo);
    git(repo, 'init', '-q', '-b', 'main');
    await writeFile(join(repo, 'README.md'), '# review\n');
    git(repo, 'add', '-A');
    git(
      repo,
      '-c',
      'user.name=T',
      '-c',
      'user.email=t@example.invalid',
      'commit',
      '-q',
      '-m',
      'init',
    );
    try {
      await flow(repo, 'claude/e2e-review');
      expect(problems).toEqual([]);
    } catch (e) {
      throw await pageFailure(page, join(RESULTS_DIR, 'review-comments-failure.png'), e);
    }
  }, 500_000);

  async function flow(repo: string, branch: string): Promise<void> {
    await openFolder(page, repo);
    await page.getByRole('button', { name: 'Start session' }).waitFor();
    await page.getByPlaceholder('claude/2026-01-01-120000').fill(branch);
    await page.getByRole('button', { name: 'Start session' }).click();
    const row = page.getByTestId('session-row').filter({ hasText: branch });
    await expect
      .poll(() => row.getAttribute('data-session-status'), { timeout: 240_000 })
      .toBe('running');
    await page.getByRole('tab', { name: /Review changes/ }).click();
    const first = page.getByTestId('commit-row').filter({ hasText: 'Add app.txt', visible: true });
    await first.waitFor({ timeout: 60_000 });
    await first.click();
    await page.getByTestId('file-row').filter({ hasText: 'app.txt' }).click();
    const diff = page.getByTestId('file-diff');
    await diff.getByText('two').waitFor();

    // Line 2 with the mouse: hover the line, press its "+".
    await diff.locator('td[data-side="new"][data-line="2"]').hover();
    await diff.getByRole('button', { name: 'Comment on new line 2' }).click();
    const editor = diff.getByTestId('comment-editor');
    await editor.getByRole('textbox').fill('Make "two" louder.');
    await page.screenshot({ path: join(RESULTS_DIR, 'review-comment-editor.png') });
    await editor.getByRole('textbox').press('Control+Enter');
    await expect.poll(() => diff.getByTestId('comment').count(), { timeout: 15_000 }).toBe(1);

    // A second window shows the review too, and sees the next comment arrive.
    const other = await browser.context.newPage();
    other.on('pageerror', (e) => problems.push(`second window: ${e.message}`));
    await other.setViewportSize({ width: 1280, height: 800 });
    await other.goto(app.server.url);
    await other.getByTestId('session-row').filter({ hasText: branch }).click();
    await other.getByRole('tab', { name: /Review changes/ }).click();
    await other.getByRole('button', { name: /Pending review/ }).click();
    const otherPanel = other.getByTestId('pending-panel');
    await expect.poll(() => otherPanel.getByTestId('pending-comment').count()).toBe(1);

    // Line 4 from the keyboard: focus the line, move down, `c`.
    await diff.locator('td[data-side="new"][data-line="3"]').focus();
    await page.keyboard.press('ArrowDown');
    // Copying (Ctrl+C) is not a comment: the diff leaves that key to the browser.
    await page.evaluate(() => {
      const w = window as unknown as { copyKept?: boolean };
      window.addEventListener('keydown', (e) => {
        if (e.key === 'c' && e.ctrlKey) w.copyKept = !e.defaultPrevented;
      });
    });
    await page.keyboard.press('Control+c');
    expect(await page.evaluate(() => (window as unknown as { copyKept?: boolean }).copyKept)).toBe(
      true,
    );
    await page.keyboard.press('c');
    await diff.getByTestId('comment-editor').getByRole('textbox').fill('And "four" too.');
    await diff.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => diff.getByTestId('comment').count(), { timeout: 15_000 }).toBe(2);
    expect(await diff.getByTestId('comment').allInnerTexts()).toEqual([
      expect.stringContaining('Make "two" louder.'),
      expect.stringContaining('And "four" too.'),
    ]);
    await expect.poll(() => otherPanel.getByTestId('pending-comment').count()).toBe(2);
    expect(await otherPanel.innerText()).toContain('And "four" too.');
    await other.close();

    // Side by side: the same comments under the same lines.
    await diff.getByRole('button', { name: 'Side by side' }).click();
    await expect.poll(() => diff.locator('table.rd-split').count()).toBe(1);
    expect(await diff.getByTestId('comment').count()).toBe(2);
    // A range by dragging over the line numbers, then one by shift-click; Escape cancels.
    const num = (n: number) => diff.locator(`td[data-num="new:${n}"]`);
    await num(1).hover();
    await page.mouse.down();
    await num(3).hover();
    await page.mouse.up();
    const rangeEditor = diff.getByTestId('comment-editor');
    await expect.poll(() => rangeEditor.innerText()).toContain('Comment on app.txt:1-3');
    await page.keyboard.press('Escape');
    await expect.poll(() => rangeEditor.count()).toBe(0);
    // The focus is back on the last line of the range, for the keyboard.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-line')))
      .toBe('3');
    await num(2).click();
    await expect.poll(() => rangeEditor.innerText()).toContain('Comment on app.txt:2');
    await num(4).click({ modifiers: ['Shift'] });
    await expect.poll(() => rangeEditor.innerText()).toContain('Comment on app.txt:2-4');
    await rangeEditor.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => rangeEditor.count()).toBe(0);
    await diff.getByRole('button', { name: 'Unified' }).click();

    // The pending panel: both, with their anchors.
    await page.getByRole('button', { name: /Pending review/ }).click();
    const panel = page.getByTestId('pending-panel');
    await expect.poll(() => panel.getByTestId('pending-comment').count()).toBe(2);
    const anchors = await panel.getByTestId('pending-comment').allInnerTexts();
    expect(anchors[0]).toContain('app.txt:2');
    expect(anchors[1]).toContain('app.txt:4');
    await page.screenshot({ path: join(RESULTS_DIR, 'review-pending-panel.png') });

    // Send: the composed message, edited, sent now.
    await panel.getByRole('button', { name: 'Send to agent…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send review to agent' });
    const message = dialog.getByLabel('Message to the agent');
    await expect.poll(() => message.inputValue(), { timeout: 15_000 }).toContain('app.txt:4');
    const composed = await message.inputValue();
    expect(composed).toContain('app.txt:2');
    expect(composed).toContain('> two');
    const sent = `${composed}\n\nThanks! (edited before sending)`;
    await message.fill(sent);
    expect(await dialog.getByLabel('Send when the agent waits for input').isChecked()).toBe(true);
    await dialog.getByLabel('Send now').check();
    await page.screenshot({ path: join(RESULTS_DIR, 'review-send-dialog.png') });
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => dialog.innerText(), { timeout: 30_000 }).toContain('Sent to the agent');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The agent got exactly that text on its terminal, and committed it with its fix.
    await expect
      .poll(() => git(repo, 'log', '-1', '--format=%s', branch).trim(), { timeout: 90_000 })
      .toBe('Address the review');
    expect(git(repo, 'show', `${branch}:received.txt`)).toBe(sent);
    const fix = git(repo, 'rev-parse', branch).trim().slice(0, 8);

    // Both comments: sent, and changed since the agent's fix (inline under the first commit's
    // lines, and in the panel). The new commit leaves the view where it was: the same commit
    // selected, its file open.
    await expect
      .poll(() => page.getByTestId('commit-row').filter({ visible: true }).count(), {
        timeout: 30_000,
      })
      .toBe(2);
    expect(await page.locator('[data-testid="commit-row"].commit-row-on').innerText()).toContain(
      'Add app.txt',
    );
    await panel.getByRole('button', { name: 'Close the pending review' }).click();
    await expect
      .poll(async () => (await diff.getByTestId('comment').allInnerTexts()).join('\n'), {
        timeout: 60_000,
      })
      .toMatch(new RegExp(`changed since ${fix}[\\s\\S]*changed since ${fix}`));
    await page.getByRole('button', { name: /Pending review/ }).click();
    await expect.poll(() => panel.getByText(`changed since ${fix}`).count()).toBe(2);
    expect(await panel.getByText('sent', { exact: true }).count()).toBe(2);
    await page.screenshot({ path: join(RESULTS_DIR, 'review-changed-since.png') });

    // "changed since" opens that commit's diff.
    await panel.getByText(`changed since ${fix}`).first().click();
    await expect
      .poll(() => page.getByTestId('file-diff').innerText(), { timeout: 30_000 })
      .toContain('TWO');
    const selected = page.locator('[data-testid="commit-row"].commit-row-on');
    expect(await selected.innerText()).toContain('Address the review');

    // New drafts on the file and on the session; a draft is edited, another deleted.
    await page.getByTestId('file-diff').getByRole('button', { name: 'Comment on file' }).click();
    const fileEditor = page.getByTestId('file-diff').getByTestId('comment-editor');
    await fileEditor.getByRole('textbox').fill('Add a trailing newline check.');
    await fileEditor.getByRole('textbox').press('Control+Enter');
    await page.getByRole('button', { name: 'Comment on session' }).click();
    const sessionEditor = panel.getByTestId('comment-editor');
    await sessionEditor.getByRole('textbox').fill('Overall fine.');
    await sessionEditor.getByRole('button', { name: 'Save draft' }).click();
    const drafts = panel.getByTestId('pending-comment').filter({ hasText: 'draft' });
    await expect
      .poll(() => drafts.allInnerTexts())
      .toEqual([
        expect.stringContaining('app.txt (file)'),
        expect.stringContaining('Whole session'),
      ]);
    await expect
      .poll(() => page.getByRole('button', { name: /Pending review/ }).innerText())
      .toContain('2');
    const fileComment = page
      .getByTestId('file-diff')
      .getByTestId('comment')
      .filter({ hasText: 'trailing newline' });
    await fileComment.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByTestId('file-diff').getByTestId('comment-editor');
    await edit.getByRole('textbox').fill('Add a trailing newline check, please.');
    await edit.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => drafts.first().innerText()).toContain('newline check, please.');
    await fileComment.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => drafts.count()).toBe(1);

    // Sent "when the agent waits for input" while it is busy: queued, then cancelled.
    await panel.getByRole('button', { name: 'Send to agent…' }).click();
    await expect.poll(() => message.inputValue(), { timeout: 15_000 }).toContain('Overall fine.');
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => dialog.innerText(), { timeout: 30_000 }).toContain('Queued');
    await page.screenshot({ path: join(RESULTS_DIR, 'review-queued.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await drafts.count()).toBe(0);
    await page
      .getByRole('status')
      .filter({ hasText: 'Review queued' })
      .getByRole('button', { name: 'Cancel' })
      .click();
    await expect.poll(() => drafts.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByText('Review queued').count()).toBe(0);

    // A click on a comment in the panel goes back to where it was written.
    await panel.getByTestId('pending-comment').filter({ hasText: 'app.txt:4' }).click();
    await expect.poll(() => selected.innerText(), { timeout: 30_000 }).toContain('Add app.txt');
    await expect
      .poll(() => page.getByTestId('file-diff').getByTestId('comment').count(), {
        timeout: 30_000,
      })
      .toBe(2);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(RESULTS_DIR, 'review-comments-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  }
});
