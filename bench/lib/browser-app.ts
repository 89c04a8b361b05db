/**
 * The app as a user has it for a benchmark: a real core in web mode on the bench's engine, the
 * built renderer over the web server, one session started from a folder, and Chromium
 * (playwright-core, the system's /usr/bin/chromium) showing it. No vitest: the e2e harness
 * cannot be imported here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { userConfigPath } from '../../src/main/config/paths';
import { type Core, createCore } from '../../src/main/core';
import { connectEngineAt } from '../../src/main/engine';
import { LABELS } from '../../src/main/engine/labels';
import { silentLog } from '../../src/main/transport/log';
import { startWebServer } from '../../src/main/transport/web/server';
import type { BenchEngine } from './engines';

const ROOT = resolve(__dirname, '../..');
const CHROMIUM = process.env.CCR_TEST_CHROMIUM || '/usr/bin/chromium';
const local = () => ({ transport: 'local' as const, signal: new AbortController().signal });

export interface BrowserApp {
  page: Page;
  core: Core;
  sessionId: string;
  containerId: string;
  close(): Promise<void>;
}

export async function openBrowserApp(
  target: BenchEngine,
  userConfig: object,
  viewport = { width: 1280, height: 800 },
): Promise<BrowserApp> {
  if (!existsSync(join(ROOT, 'out/renderer/index.html')))
    throw new Error('no built renderer in out/: run `npm run build` first');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}`);
  const dataDir = await mkdtemp(join(tmpdir(), 'ccr-bench-app-'));
  const env = {
    ...process.env,
    DOCKER_HOST: target.address,
    CCR_DATA_DIR: dataDir,
    XDG_CONFIG_HOME: join(dataDir, '.config'),
  };
  const host = { env, homeDir: dataDir, platform: process.platform };
  const file = userConfigPath(host);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(userConfig));
  const core = await createCore({
    dataDir,
    mode: 'web',
    version: '0.0.0-bench',
    env,
    homeDir: dataDir,
  });
  const server = await startWebServer({
    core,
    rendererDir: join(ROOT, 'out/renderer'),
    port: 0,
    log: silentLog,
  });
  const repo = await mkdtemp(join(tmpdir(), 'ccr-bench-repo-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args]);
  git('init', '-q', '-b', 'main');
  await writeFile(join(repo, 'README.md'), '# bench\n');
  git('add', '-A');
  git('-c', 'user.name=B', '-c', 'user.email=b@example.invalid', 'commit', '-q', '-m', 'i');
  const cleanup = async (sessionId: string | null, context: BrowserContext | null) => {
    await context?.close().catch(() => undefined);
    if (sessionId) {
      const e = await connectEngineAt(target.address);
      for (const c of await e.listContainers({ [LABELS.session]: sessionId }, { all: true }))
        await e.removeContainer(c.id, { force: true }).catch(() => undefined);
    }
    await server.close();
    await core.dispose();
    for (const d of [dataDir, repo]) await rm(d, { recursive: true, force: true });
  };
  let sessionId: string | null = null;
  let context: BrowserContext | null = null;
  const profile = await mkdtemp(join(tmpdir(), 'ccr-bench-chromium-'));
  try {
    const session = await core.handlers.startSession(
      { folder: repo, name: 'claude/bench' },
      local(),
    );
    sessionId = session.id;
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking'],
      viewport,
    });
    const page = await context.newPage();
    // tsx keeps function names with a __name() helper, which functions sent to the page call.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.goto(server.newLink());
    await page.getByText('Web mode · connected').waitFor({ timeout: 30_000 });
    const ctx = context;
    return {
      page,
      core,
      sessionId: session.id,
      containerId: session.containerId ?? '',
      async close() {
        await cleanup(session.id, ctx);
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await cleanup(sessionId, context);
    await rm(profile, { recursive: true, force: true });
    throw e;
  }
}
