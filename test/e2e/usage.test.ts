/**
 * Usage in Chromium over the real web mode, with a real session on Docker. The scripted agent
 * writes a Claude Code transcript (the unit fixture's main file, whose figures are known) where
 * Claude Code writes it; the session panel, the sidebar row and the status bar's "Today" show the
 * tokens and the estimated cost. A subagent file written later moves all three, live.
 */
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectEngineAt } from '../../src/main/engine';
import type { ChromiumSession } from '../helpers/chromium';
import {
  type RunningApp,
  describeE2E,
  openAppPage,
  openFolder,
  pageFailure,
  makeRepo,
} from './harness';
import { FIXTURE_DOCKERFILE } from '../helpers/session-harness';

const TRANSCRIPTS = resolve(__dirname, '../unit/usage/fixtures/projects/-workspace');

describeE2E('usage in the session panel, sidebar and status bar (Chromium, Docker)', (engine) => {
  let app: RunningApp;
  let browser: ChromiumSession;
  let page: Page;
  let repo = '';
  const problems: string[] = [];

  beforeAll(async () => {
    const main = (await readFile(join(TRANSCRIPTS, '0b1c2d3e.jsonl'))).toString('base64');
    // The agent writes its transcript the way Claude Code does, then waits for input.
    const agent = [
      'd="${CLAUDE_CONFIG_DIR:-$HOME/.claude}/projects/-workspace"',
      'mkdir -p "$d"',
      `printf %s '${main}' | base64 -d >"$d/0b1c2d3e.jsonl"`,
      "printf 'agent wrote its transcript\\n'",
      'exec cat >/dev/null',
    ].join('\n');
    ({ app, browser, page } = await openAppPage(engine, {
      userConfig: {
        dockerImage: 'ccr-test-session:latest',
        dockerfile: FIXTURE_DOCKERFILE,
        network: 'none',
        agent: { command: ['bash', '-c', agent] },
      },
      problems,
    }));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (repo) await rm(repo, { recursive: true, force: true });
  }, 120_000);

  it('shows the tokens and cost in the panel, the sidebar and the status bar, live', async () => {
    try {
      await flow();
      expect(problems).toEqual([]);
    } catch (e) {
      throw await pageFailure(page, '/tmp/usage-failure.png', e);
    }
  }, 600_000);

  async function flow() {
    repo = await makeRepo('usage');

    await openFolder(page, repo);
    // No session has usage yet: the status bar says nothing about it.
    expect(await page.getByTestId('usage-today').count()).toBe(0);
    await page.getByPlaceholder('claude/2026-01-01-120000').fill('claude/usage');
    await page.getByRole('button', { name: 'Start session' }).click();
    const row = page.getByTestId('session-row').filter({ hasText: 'claude/usage' });
    await expect
      .poll(() => row.getAttribute('data-session-status'), { timeout: 240_000 })
      .toBe('running');
    await row.locator('.session-main').click();

    // The main file: 26 + 260 + 1400 + 34000 tokens (msg_A once, msg_B, msg_C, msg_D, msg_E),
    // $0.027465 + $0.000828 estimated; claude-future-9 has no price (the * says so).
    const figure = page.getByTestId('session-usage');
    await expect
      .poll(() => figure.innerText(), { timeout: 60_000 })
      .toMatch(/35\.7k tokens\s*\$0\.03\*/);
    const tip = (await figure.getAttribute('title')) ?? '';
    expect(tip).toContain('26 input · 260 output · 1.4k cache write · 34k cache read');
    expect(tip).toContain('No price for claude-future-9');
    expect(await row.getByTestId('session-row-usage').innerText()).toBe('35.7k · $0.03');
    // The fixture's days are in the past: today's total is still zero.
    expect(await page.getByTestId('usage-today').innerText()).toBe('Today: 0 tokens · $0.00');
    await page.screenshot({ path: '/tmp/usage-panel.png' });

    // A subagent's transcript written today moves all three.
    const s = (
      await app.core.handlers.listSessions(
        {},
        { transport: 'local', signal: new AbortController().signal },
      )
    ).sessions[0]!;
    const today = new Date().toISOString();
    const line = JSON.stringify({
      type: 'assistant',
      isSidechain: true,
      timestamp: today,
      requestId: 'req_today',
      message: {
        id: 'msg_today',
        model: 'claude-sonnet-4-5-20250929',
        usage: {
          input_tokens: 1000,
          output_tokens: 2000,
          cache_creation_input_tokens: 100_000,
          cache_read_input_tokens: 1_000_000,
        },
      },
    });
    const e = await connectEngineAt(engine.address);
    const r = await e.exec(s.containerId!, {
      cmd: [
        'sh',
        '-c',
        'd="${CLAUDE_CONFIG_DIR:-$HOME/.claude}/projects/-workspace/0b1c2d3e/subagents"; mkdir -p "$d" && cat >"$d/agent-1.jsonl"',
      ],
      user: s.containerUser || undefined,
      stdin: Buffer.from(`${line}\n`),
    });
    expect(r.exitCode).toBe(0);
    // 1000*3 + 2000*15 + 100000*3.75 + 1000000*0.3 = 708000 millionths: $0.708.
    await expect
      .poll(() => page.getByTestId('usage-today').innerText(), { timeout: 30_000 })
      .toBe('Today: 1.1M tokens · $0.71');
    expect(await figure.innerText()).toMatch(/1\.14M tokens\s*\$0\.74\*/);
    expect(await row.getByTestId('session-row-usage').innerText()).toBe('1.14M · $0.74');
    await page.screenshot({ path: '/tmp/usage-live.png' });
  }
});
