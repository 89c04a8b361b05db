/**
 * Restart, Restart fresh, Fork session and "Export the conversation first" in Chromium over the
 * real web mode, with a real session on Docker. The agent appends its arguments to a file at
 * each launch (read back through the engine), writes a transcript where Claude Code keeps them
 * and commits once, so the app imports its branch. The user restarts fresh from the header
 * menu, stops and restarts (resumed), forks with the conversation copied, and discards the fork
 * exporting its conversation to a folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectEngineAt } from '../../src/main/engine';
import type { Engine } from '../../src/main/engine/types';
import type { SessionInfo } from '../../src/shared/schemas/session';
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

const TRANSCRIPT = '{"type":"user","message":{"content":"hello"}}';

// Each launch: its arguments to /tmp/launches and the screen; the first one also leaves a
// transcript and a commit.
const AGENT = [
  'printf "[%s]\\n" "$*" >> /tmp/launches',
  'printf "launched with [%s]\\n" "$*"',
  'd="$HOME/.claude/projects/-workspace"',
  `if [ ! -e "$d/t.jsonl" ]; then mkdir -p "$d" && printf '%s\\n' '${TRANSCRIPT}' > "$d/t.jsonl"; fi`,
  'if [ ! -e work.txt ]; then printf work > work.txt && git add work.txt && git -c user.name=Agent -c user.email=a@example.invalid commit -q -m "agent work"; fi',
  'exec sleep 3600',
].join('\n');

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
}

describeE2E('restart fresh, fork and export in the session panel (Chromium, Docker)', (te) => {
  let app: RunningApp;
  let browser: ChromiumSession;
  let page: Page;
  let engine: Engine;
  let repo = '';
  let out = '';
  const problems: string[] = [];

  beforeAll(async () => {
    ({ app, browser, page } = await openAppPage(te, {
      userConfig: {
        dockerImage: 'ccr-test-session:latest',
        dockerfile: FIXTURE_DOCKERFILE,
        network: 'none',
        resources: { memory: '512m', cpus: 1, pids: 256 },
        agent: { command: ['bash', '-c', AGENT, 'agent'], resume: ['--continue'] },
      },
      problems,
      viewport: { width: 1280, height: 820 },
    }));
    engine = await connectEngineAt(te.address);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    for (const d of [repo, out]) if (d) await rm(d, { recursive: true, force: true });
  }, 120_000);

  const shot = (name: string) => page.screenshot({ path: join(RESULTS_DIR, `resume-${name}.png`) });
  const local = () => ({ transport: 'local' as const, signal: new AbortController().signal });

  async function session(branch: string): Promise<SessionInfo> {
    const { sessions } = await app.core.handlers.listSessions({}, local());
    const s = sessions.find((x) => x.branch === branch);
    if (!s) throw new Error(`no session on ${branch}`);
    return s;
  }

  async function read(s: SessionInfo, script: string): Promise<string> {
    const r = await engine.exec(s.containerId!, {
      cmd: ['sh', '-c', script],
      user: s.containerUser || undefined,
    });
    return r.stdout.toString('utf8');
  }

  const launches = async (branch: string) =>
    (await read(await session(branch), 'cat /tmp/launches 2>/dev/null || true'))
      .split('\n')
      .filter(Boolean);

  it('restarts fresh and resumed, forks with the conversation, exports it before a discard', async () => {
    try {
      await flow();
      expect(problems).toEqual([]);
    } catch (e) {
      throw await pageFailure(page, join(RESULTS_DIR, 'resume-failure.png'), e);
    }
  }, 600_000);

  async function flow() {
    repo = await mkdtemp(join(tmpdir(), 'ccr-e2e-resume-'));
    out = await mkdtemp(join(tmpdir(), 'ccr-e2e-export-'));
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.name', 'User');
    git(repo, 'config', 'user.email', 'user@example.invalid');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'init');

    await openFolder(page, repo);
    await page.getByPlaceholder('claude/2026-01-01-120000').fill('claude/src');
    await page.getByRole('button', { name: 'Start session' }).click();
    const row = page.getByTestId('session-row').filter({ hasText: 'claude/src' });
    await expect
      .poll(() => row.getAttribute('data-session-status'), { timeout: 240_000 })
      .toBe('running');
    await row.locator('.session-main').click();
    await expect.poll(() => launches('claude/src'), { timeout: 60_000 }).toEqual(['[]']);
    // The agent's commit reaches the host: the fork starts there.
    await expect
      .poll(() => git(repo, 'branch', '--list', 'claude/src'), { timeout: 60_000 })
      .toContain('claude/src');

    // The header menu: Restart fresh.
    await page.getByRole('button', { name: 'Restart or fork the session' }).click();
    await shot('header-menu');
    await page.getByRole('menuitem', { name: 'Restart fresh (new conversation)' }).click();
    await expect.poll(() => launches('claude/src'), { timeout: 60_000 }).toEqual(['[]', '[]']);

    // Stopped: the panel offers both ways back; Restart session resumes.
    // The row's actions show on hover, as for a user's mouse.
    await row.hover();
    await row.getByRole('button', { name: /^Stop / }).click();
    await expect
      .poll(() => row.getAttribute('data-session-status'), { timeout: 60_000 })
      .toBe('stopped');
    const again = page.getByRole('button', { name: 'Restart session' });
    await again.waitFor();
    await page.getByRole('button', { name: 'Restart fresh' }).waitFor();
    await shot('stopped-panel');
    await again.click();
    await expect
      .poll(() => launches('claude/src'), { timeout: 60_000 })
      .toEqual(['[]', '[]', '[--continue]']);

    // Fork with the conversation, from the sidebar row's menu.
    await row.hover();
    await row.getByRole('button', { name: 'More actions for claude-src' }).click();
    await shot('sidebar-menu');
    await page.getByRole('menuitem', { name: 'Fork session…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Fork session' });
    const copy = dialog.getByRole('checkbox', { name: /Copy the conversation/ });
    expect(await copy.isChecked()).toBe(true);
    await dialog.getByRole('textbox').first().fill('claude/forked');
    await shot('fork-dialog');
    // Meanwhile the repository got its own config file, which waits for trust: the fork is
    // refused with the reason, and can go ahead without the file's settings.
    await writeFile(
      join(repo, 'claude-run.config.json'),
      JSON.stringify({ setupCommands: ['echo from-the-project'] }),
    );
    await dialog.getByRole('button', { name: 'Fork session' }).click();
    await dialog.getByRole('alert').waitFor({ timeout: 60_000 });
    expect(await dialog.getByRole('alert').innerText()).toContain('setupCommands');
    await shot('fork-untrusted');
    await dialog.getByRole('button', { name: "Fork without the project file's settings" }).click();
    await dialog.waitFor({ state: 'detached', timeout: 240_000 });
    const forkRow = page.getByTestId('session-row').filter({ hasText: 'claude/forked' });
    await expect
      .poll(() => forkRow.getAttribute('data-session-status'), { timeout: 60_000 })
      .toBe('running');
    await expect
      .poll(() => launches('claude/forked'), { timeout: 60_000 })
      .toEqual(['[--continue]']);
    const fork = await session('claude/forked');
    const src = await session('claude/src');
    expect(fork.containerId).not.toBe(src.containerId);
    expect(fork.baseCommit).toBe(git(repo, 'rev-parse', 'claude/src'));
    expect(await read(fork, 'cat "$HOME/.claude/projects/-workspace/t.jsonl"')).toBe(
      `${TRANSCRIPT}\n`,
    );
    // The fork's tab is the active one, and its terminal shows the resumed launch.
    await page.locator('.session-header-branch', { hasText: 'claude/forked' }).waitFor();
    const rows = page.locator('.terminal-view .xterm-rows');
    await expect
      .poll(async () => (await rows.count()) > 0 && (await rows.first().innerText()), {
        timeout: 30_000,
        interval: 500,
      })
      .toContain('launched with [--continue]');
    await shot('forked');

    // Discard the fork, exporting its conversation first.
    await forkRow.hover();
    await forkRow.getByRole('button', { name: /^Discard / }).click();
    const discard = page.getByRole('dialog', { name: 'Discard session' });
    await discard.getByRole('checkbox', { name: /Export the conversation first/ }).check();
    const folder = join(out, 'forked');
    await discard.getByLabel('Export folder').fill(folder);
    await shot('discard-export');
    await discard.getByRole('button', { name: 'Discard session' }).click();
    const second = discard.getByRole('button', { name: 'Discard, keep only the branch' });
    await Promise.race([
      discard.waitFor({ state: 'detached', timeout: 60_000 }),
      second.waitFor({ timeout: 60_000 }).then(() => second.click()),
    ]);
    await discard.waitFor({ state: 'detached', timeout: 60_000 });
    expect(await readFile(join(folder, '-workspace', 't.jsonl'), 'utf8')).toBe(`${TRANSCRIPT}\n`);
    await forkRow.waitFor({ state: 'detached', timeout: 30_000 });
  }
});
