/**
 * The MCP checklist in Chromium over the real web mode, with a real session on Docker. The
 * user's ~/.claude.json has three servers (one with an env token, one with a header token):
 * the start panel lists them with their command or URL and the names of env variables and
 * headers, never a value, none ticked; ticking saves the project's choice in the user-level
 * config; the started session's container gets exactly the ticked servers, and the session
 * panel says which ticked server's command is not in the image.
 */
import { execFileSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { userConfigPath } from '../../src/main/config/paths';
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

const ENV_SECRET = 'e2e-mcp-env-canary-77aa';
const HEADER_SECRET = 'e2e-mcp-header-canary-31bb';
const MISSING = 'mcp-e2e-server-bin';
const SERVERS = {
  github: {
    command: 'bash',
    args: ['-c', 'exec cat'],
    env: { GITHUB_PERSONAL_ACCESS_TOKEN: ENV_SECRET },
  },
  docs: {
    type: 'http',
    url: 'https://docs.example.com/mcp',
    headers: { Authorization: HEADER_SECRET },
  },
  local: { command: MISSING, args: ['--stdio'] },
};

function git(dir: string, args: string[]) {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
}

describeE2E('MCP servers checklist (Chromium, Docker)', (engine) => {
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
        agent: { command: ['sleep', 'infinity'] },
      },
      problems,
      viewport: { width: 1280, height: 900 },
    }));
    // The app's home is its data dir: this is "the host's ~/.claude.json".
    await writeFile(
      join(app.dataDir, '.claude.json'),
      JSON.stringify({ hasCompletedOnboarding: true, mcpServers: SERVERS }),
    );
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (repo) await rm(repo, { recursive: true, force: true });
  }, 120_000);

  const shot = (name: string) => page.screenshot({ path: `/tmp/mcp-${name}.png` });

  it('lists the servers without values, saves the ticks, and the session gets exactly those', async () => {
    try {
      await flow();
      expect(problems).toEqual([]);
    } catch (e) {
      throw await pageFailure(page, '/tmp/mcp-failure.png', e);
    }
  }, 600_000);

  async function flow() {
    repo = await makeRepo('mcp');

    await openFolder(page, repo);
    const mcp = page.getByRole('group', { name: 'MCP servers' });
    const box = (name: string) => mcp.getByRole('checkbox', { name: `MCP server ${name}` });
    await box('github').waitFor({ timeout: 30_000 });
    for (const n of ['github', 'docs', 'local']) expect(await box(n).isChecked()).toBe(false);
    const text = await mcp.innerText();
    expect(text).toContain('bash -c');
    expect(text).toContain('env: GITHUB_PERSONAL_ACCESS_TOKEN');
    expect(text).toContain('https://docs.example.com/mcp');
    expect(text).toContain('headers: Authorization');
    expect(text).toContain(`${MISSING} --stdio`);
    const page0 = await page.content();
    expect(page0).not.toContain(ENV_SECRET);
    expect(page0).not.toContain(HEADER_SECRET);

    // Ticking saves the project's choice in the user-level config (never the repository).
    await box('github').check();
    await box('local').check();
    const userFile = userConfigPath(app.host);
    await expect
      .poll(
        async () =>
          (JSON.parse(await readFile(userFile, 'utf8')) as { projectMcpServers?: unknown })
            .projectMcpServers,
        { timeout: 10_000 },
      )
      .toEqual({ [repo]: ['github', 'local'] });
    expect(git(repo, ['status', '--porcelain'])).toBe('');
    await mcp.scrollIntoViewIfNeeded();
    await shot('checklist');

    await page.getByPlaceholder('claude/2026-01-01-120000').fill('claude/mcp');
    await page.getByRole('button', { name: 'Start session' }).click();
    const row = page.getByTestId('session-row').filter({ hasText: 'claude/mcp' });
    await expect
      .poll(() => row.getAttribute('data-session-status'), { timeout: 240_000 })
      .toBe('running');
    await row.locator('.session-main').click();

    // The session panel says which ticked server cannot run.
    const note = page.getByRole('status', { name: 'MCP servers' });
    await note.waitFor({ timeout: 30_000 });
    expect(await note.innerText()).toContain(
      `MCP server local: command ${MISSING} is not in the image`,
    );
    expect(await note.innerText()).not.toContain('github');
    await shot('session-note');

    // The container got exactly the ticked servers, env included.
    const { sessions } = await app.core.handlers.listSessions(
      {},
      { transport: 'local', signal: new AbortController().signal },
    );
    const s = sessions.find((x) => x.branch === 'claude/mcp')!;
    expect(s.mcp).toEqual({
      servers: ['github', 'local'],
      missing: [{ name: 'local', command: MISSING }],
    });
    const docker = await connectEngineAt(engine.address);
    const r = await docker.exec(s.containerId!, {
      cmd: ['sh', '-c', 'cat "$HOME/.claude.json"'],
      user: s.containerUser || undefined,
    });
    const json = JSON.parse(r.stdout.toString()) as { mcpServers?: unknown };
    expect(json.mcpServers).toEqual({ github: SERVERS.github, local: SERVERS.local });
  }
});
