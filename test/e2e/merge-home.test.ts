/**
 * Bringing the work home, in Chromium over the real web mode with real sessions on Docker.
 * Four sessions start from main; their scripted agents commit (the branch name says what).
 * While the user's work tree holds uncommitted edits (a modified tracked file, a staged change,
 * an untracked file), the user merges into main from the dialog: a fast-forward, a squash with
 * an edited message, a rebase. After each, main moved as it should and the user's HEAD, index
 * and files are byte-for-byte what they were; the lag notice shows. Then main gets a commit that
 * touches the line the fourth agent changed: the dialog lists the conflict, nothing changes, and
 * "Ask the agent to rebase" reaches the agent's terminal input. Badges and discard at the end.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectEngineAt } from '../../src/main/engine';
import { LABELS } from '../../src/main/engine/labels';
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

// What each agent commits depends on its branch; then it reads its terminal into a file, so the
// test can see exactly what reached the agent's input.
const AGENT = [
  'b=$(git rev-parse --abbrev-ref HEAD)',
  'c() { git -c user.name=Agent -c user.email=agent@example.invalid commit -q "$@"; }',
  'case "$b" in',
  "  *-ff) printf 'feature a\\n' > a.txt; printf 'agent line\\n' >> user.txt; git add a.txt user.txt; c -m 'Add a';;",
  "  *-squash) printf 'b1\\n' > b.txt; git add b.txt; c -m 'Add b' -m 'Body of b.';",
  "    printf 'b2\\n' >> b.txt; git add b.txt; c -m 'Extend b';;",
  "  *-rebase) printf 'c\\n' > c.txt; git add c.txt; c -m 'Add c';;",
  "  *-conflict) printf 'line 1\\nline 2 by the agent\\nline 3\\n' > shared.txt; git add shared.txt; c -m 'Change line 2';;",
  'esac',
  "printf 'committed\\n'",
  'exec cat > /tmp/agent-inbox',
].join('\n');

const local = () => ({ transport: 'local' as const, signal: new AbortController().signal });

function git(dir: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  return execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
    input: opts.input,
  }).trim();
}

/** HEAD, the index and every work tree file, as bytes (base64), without running git. */
async function checkout(repo: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {
    '.git/HEAD': (await readFile(join(repo, '.git/HEAD'))).toString('base64'),
    '.git/index': (await readFile(join(repo, '.git/index'))).toString('base64'),
  };
  for (const e of await readdir(repo, { withFileTypes: true, recursive: true })) {
    const path = join(e.parentPath, e.name);
    const rel = relative(repo, path);
    if (!e.isFile() || rel === '.git' || rel.startsWith('.git/')) continue;
    out[rel] = (await readFile(path)).toString('base64');
  }
  return out;
}

describeE2E('merge the work home (Chromium, Docker)', (engine) => {
  let app: RunningApp;
  let browser: ChromiumSession;
  let page: Page;
  let repo = '';
  const problems: string[] = [];

  beforeAll(async () => {
    ({ app, browser, page } = await openAppPage(engine, {
      userConfig: {
        dockerImage: 'ccr-test-session:latest',
        dockerfile: FIXTURE_DOCKERFILE,
        network: 'none',
        agent: { command: ['sh', '-c', AGENT] },
      },
      problems,
    }));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (repo) await rm(repo, { recursive: true, force: true });
  }, 120_000);

  const shot = (name: string) => page.screenshot({ path: join(RESULTS_DIR, name) });
  const row = (branch: string) => page.getByTestId('session-row').filter({ hasText: branch });

  async function openMerge(branch: string) {
    await row(branch).locator('.session-main').click();
    await page.getByRole('tab', { name: /Review changes/ }).click();
    await page.getByRole('button', { name: 'Merge into…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge into' });
    await dialog.getByTestId('merge-counts').or(dialog.getByRole('alert')).first().waitFor();
    return dialog;
  }

  it('merges by fast-forward, squash and rebase without touching the checkout; conflicts change nothing', async () => {
    try {
      await flow();
      expect(problems).toEqual([]);
    } catch (e) {
      throw await pageFailure(page, join(RESULTS_DIR, 'merge-home-failure.png'), e);
    }
  }, 900_000);

  async function flow() {
    repo = await mkdtemp(join(tmpdir(), 'ccr-e2e-home-'));
    git(repo, ['init', '-q', '-b', 'main']);
    git(repo, ['config', 'user.name', 'User']);
    git(repo, ['config', 'user.email', 'user@example.invalid']);
    await writeFile(join(repo, 'shared.txt'), 'line 1\nline 2\nline 3\n');
    await writeFile(join(repo, 'user.txt'), 'user original\n');
    await writeFile(join(repo, 'staged.txt'), 'staged original\n');
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', 'init']);

    // The first session from the UI, the other three through the core (the same start).
    await openFolder(page, repo);
    await page.getByRole('button', { name: 'Start session' }).waitFor();
    await page.getByPlaceholder('claude/2026-01-01-120000').fill('claude/home-ff');
    await page.getByRole('button', { name: 'Start session' }).click();
    for (const kind of ['squash', 'rebase', 'conflict'])
      await app.core.handlers.startSession({ folder: repo, name: `claude/home-${kind}` }, local());
    const subjects = {
      ff: 'Add a',
      squash: 'Extend b',
      rebase: 'Add c',
      conflict: 'Change line 2',
    } as const;
    for (const [kind, subject] of Object.entries(subjects))
      await expect
        .poll(
          () => {
            try {
              return git(repo, ['log', '-1', '--format=%s', `claude/home-${kind}`]);
            } catch {
              return '';
            }
          },
          { timeout: 240_000, interval: 1000 },
        )
        .toBe(subject);

    // The user's uncommitted work: modified, staged, untracked.
    await writeFile(join(repo, 'user.txt'), 'user original\nuser edit, not committed\n');
    await writeFile(join(repo, 'staged.txt'), 'staged change\n');
    git(repo, ['add', 'staged.txt']);
    await writeFile(join(repo, 'scratch.txt'), 'untracked notes\n');
    const before = await checkout(repo);

    // 1. Fast-forward.
    const init = git(repo, ['rev-parse', 'main']);
    const ffTip = git(repo, ['rev-parse', 'claude/home-ff']);
    let dialog = await openMerge('claude/home-ff');
    expect(await dialog.getByLabel('Into branch').inputValue()).toBe('main');
    // Keyboard: the dialog opens with the target focused.
    expect(
      await dialog.getByLabel('Into branch').evaluate((el) => el === document.activeElement),
    ).toBe(true);
    expect(await dialog.getByLabel('Merge (fast-forward)').isChecked()).toBe(true);
    expect(await dialog.getByTestId('merge-counts').innerText()).toContain(
      '1 commit to bring into main',
    );
    await shot('merge-home-dialog.png');
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await expect
      .poll(() => dialog.innerText(), { timeout: 60_000 })
      .toContain(`main moved ${init.slice(0, 8)} → ${ffTip.slice(0, 8)} (fast-forward)`);
    expect(await dialog.getByTestId('merge-lag').innerText()).toContain(
      'Your work tree now lags main',
    );
    await shot('merge-home-done.png');
    expect(git(repo, ['rev-parse', 'main'])).toBe(ffTip);
    expect(await checkout(repo)).toEqual(before);
    // The agent changed user.txt too, which the user is editing: updating is refused, nothing moves.
    await dialog.getByRole('button', { name: 'Update my checkout' }).click();
    const refused = dialog.getByTestId('update-refused');
    await refused.waitFor({ timeout: 30_000 });
    expect(await refused.innerText()).toContain('Nothing changed');
    expect(await refused.getByRole('listitem').allInnerTexts()).toEqual(['user.txt']);
    await shot('merge-home-update-refused.png');
    expect(await checkout(repo)).toEqual(before);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // 2. Squash, with the prefilled message edited.
    dialog = await openMerge('claude/home-squash');
    await dialog.getByLabel('Squash into one commit').check();
    const message = dialog.getByLabel('Commit message');
    await expect.poll(() => message.inputValue(), { timeout: 30_000 }).toContain('Extend b');
    expect(await message.inputValue()).toContain('Add b');
    await message.fill('Squash of b\n\nEdited by the user.');
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await expect
      .poll(() => dialog.innerText(), { timeout: 60_000 })
      .toContain('(one squashed commit)');
    expect(git(repo, ['rev-parse', 'main^'])).toBe(ffTip);
    expect(git(repo, ['log', '-1', '--format=%B', 'main'])).toBe(
      'Squash of b\n\nEdited by the user.',
    );
    expect(git(repo, ['show', 'main:b.txt'])).toBe('b1\nb2');
    expect(git(repo, ['show', 'main:a.txt'])).toBe('feature a');
    expect(await dialog.getByTestId('merge-lag').count()).toBe(1);
    expect(await checkout(repo)).toEqual(before);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // 3. Rebase: main moved since the session started, so the commit is replayed.
    const squashed = git(repo, ['rev-parse', 'main']);
    dialog = await openMerge('claude/home-rebase');
    await dialog.getByLabel('Rebase, then fast-forward').check();
    await expect
      .poll(() => dialog.getByTestId('merge-counts').innerText(), { timeout: 30_000 })
      .toContain('main has');
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await expect
      .poll(() => dialog.innerText(), { timeout: 60_000 })
      .toContain('(rebased, then fast-forward)');
    expect(git(repo, ['rev-parse', 'main^'])).toBe(squashed);
    expect(git(repo, ['log', '-1', '--format=%s', 'main'])).toBe('Add c');
    expect(git(repo, ['show', 'main:c.txt'])).toBe('c');
    expect(await dialog.getByTestId('merge-lag').count()).toBe(1);
    expect(await checkout(repo)).toEqual(before);
    // Escape closes it, like every dialog.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    // 4. Conflict: main gets a commit on the agent's line (made without touching the checkout).
    const index = join(repo, '.git', 'e2e-index');
    const env = { GIT_INDEX_FILE: index };
    git(repo, ['read-tree', 'main'], { env });
    const blob = git(repo, ['hash-object', '-w', '--stdin'], {
      input: 'line 1\nline 2 by the user\nline 3\n',
    });
    git(repo, ['update-index', '--cacheinfo', `100644,${blob},shared.txt`], { env });
    const tree = git(repo, ['write-tree'], { env });
    await rm(index);
    const mainBefore = git(repo, ['rev-parse', 'main']);
    const userCommit = git(repo, ['commit-tree', tree, '-p', mainBefore, '-m', 'User line 2']);
    git(repo, ['update-ref', 'refs/heads/main', userCommit, mainBefore]);

    dialog = await openMerge('claude/home-conflict');
    const conflicts = dialog.getByTestId('merge-conflicts');
    await conflicts.waitFor({ timeout: 30_000 });
    expect(await conflicts.innerText()).toContain('Conflicts with main: nothing was changed');
    expect(
      await dialog
        .getByRole('list', { name: 'Conflicting files' })
        .getByRole('listitem')
        .allInnerTexts(),
    ).toEqual(['shared.txt']);
    expect(await dialog.getByRole('button', { name: 'Merge', exact: true }).isDisabled()).toBe(
      true,
    );
    await shot('merge-home-conflict.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('merge-home-conflict-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(git(repo, ['rev-parse', 'main'])).toBe(userCommit);
    expect(await checkout(repo)).toEqual(before);

    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The session list: merged, ahead/behind, not pushed.
    await expect
      .poll(() => row('claude/home-ff').getByTestId('git-badges').innerText(), {
        timeout: 30_000,
      })
      .toContain('merged → main');
    await expect
      .poll(() => row('claude/home-conflict').getByTestId('git-badges').innerText(), {
        timeout: 30_000,
      })
      .toMatch(/↑1 ↓4/);
    expect(await row('claude/home-conflict').getByTestId('git-badges').innerText()).toContain(
      'not pushed',
    );
    await shot('merge-home-badges.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('merge-home-badges-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });

    // Discard the conflicting session: its commit is nowhere else, so it asks twice (here the
    // user backs out at the second question).
    await row('claude/home-conflict').hover();
    await row('claude/home-conflict')
      .getByRole('button', { name: /^Discard / })
      .click();
    let discard = page.getByRole('dialog', { name: 'Discard session' });
    expect(await discard.getByLabel(/Also delete the branch/).isChecked()).toBe(false);
    await shot('merge-home-discard.png');
    await discard.getByRole('button', { name: 'Discard session' }).click();
    const second = discard.getByTestId('discard-unmerged');
    await second.waitFor({ timeout: 30_000 });
    expect(await second.innerText()).toContain(
      'claude/home-conflict has 1 commit that is neither pushed nor merged',
    );
    await shot('merge-home-discard-unmerged.png');
    await discard.getByRole('button', { name: 'Cancel' }).click();
    expect(await row('claude/home-conflict').count()).toBe(1);

    // The merged session goes at once, its branch too when asked.
    const e = await connectEngineAt(engine.address);
    const idOf = async (branch: string) =>
      (await app.core.handlers.listSessions({}, local())).sessions.find(
        (x) => x.branch === branch,
      )!;
    const ff = await idOf('claude/home-ff');
    await row('claude/home-ff').hover();
    await row('claude/home-ff')
      .getByRole('button', { name: /^Discard / })
      .click();
    discard = page.getByRole('dialog', { name: 'Discard session' });
    await discard.getByLabel(/Also delete the branch/).check();
    await discard.getByRole('button', { name: 'Discard session' }).click();
    await expect.poll(() => row('claude/home-ff').count(), { timeout: 60_000 }).toBe(0);
    // The row goes with the record; the branch is deleted after it, before the dialog closes.
    await expect.poll(() => discard.count(), { timeout: 60_000 }).toBe(0);
    expect(await e.listContainers({ [LABELS.session]: ff.id }, { all: true })).toEqual([]);
    expect(git(repo, ['branch', '--list', 'claude/home-ff'])).toBe('');
    expect(git(repo, ['rev-parse', 'main'])).toBe(userCommit);
    expect(await checkout(repo)).toEqual(before);

    // Last: the agent is asked to rebase; the request reaches its terminal input.
    dialog = await openMerge('claude/home-conflict');
    await dialog.getByRole('button', { name: 'Ask the agent to rebase onto main' }).click();
    await dialog
      .getByTestId('rebase-sent')
      .or(dialog.locator('.dialog-error'))
      .first()
      .waitFor({ timeout: 60_000 });
    await shot('merge-home-rebase-asked.png');
    expect(await dialog.getByTestId('rebase-sent').innerText()).toMatch(
      /Sent to the agent: rebase onto main|Queued/,
    );
    const s = await idOf('claude/home-conflict');
    const inbox = async () =>
      (await e.exec(s.containerId!, { cmd: ['cat', '/tmp/agent-inbox'] })).stdout.toString();
    await expect.poll(inbox, { timeout: 30_000 }).toContain('shared.txt');
    expect(await inbox()).toMatch(/rebase/i);
    expect(git(repo, ['rev-parse', 'main'])).toBe(userCommit);
    expect(await checkout(repo)).toEqual(before);
  }
});
