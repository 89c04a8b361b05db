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
import { startWebServer, type WebServer } from '../../src/main/transport/web/server';
import type { BenchEngine } from './engines';

const ROOT = resolve(__dirname, '../..');
const CHROMIUM = process.env.CCR_TEST_CHROMIUM || '/usr/bin/chromium';
const local = () => ({ transport: 'local' as const, signal: new AbortController().signal });

/** The app without a browser: a core in web mode on the bench's engine, its web server, a repo. */
export interface WebApp {
  core: Core;
  server: WebServer;
  /** A fresh git repository with one commit on main. */
  repo: string;
  dataDir: string;
  close(): Promise<void>;
}

export interface WebAppOptions {
  /** Another build of the renderer (default out/renderer). */
  rendererDir?: string;
}

export async function openWebApp(
  target: BenchEngine,
  userConfig: object,
  opts: WebAppOptions = {},
): Promise<WebApp> {
  const rendererDir = opts.rendererDir ?? join(ROOT, 'out/renderer');
  if (!existsSync(join(rendererDir, 'index.html')))
    throw new Error(`no built renderer in ${rendererDir}: run \`npm run build\` first`);
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
  const server = await startWebServer({ core, rendererDir, port: 0, log: silentLog });
  const repo = await mkdtemp(join(tmpdir(), 'ccr-bench-repo-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args]);
  git('init', '-q', '-b', 'main');
  await writeFile(join(repo, 'README.md'), '# bench\n');
  git('add', '-A');
  git('-c', 'user.name=B', '-c', 'user.email=b@example.invalid', 'commit', '-q', '-m', 'i');
  return {
    core,
    server,
    repo,
    dataDir,
    async close() {
      // Every container a session of this app made, whatever the bench did with the sessions.
      const e = await connectEngineAt(target.address);
      const { sessions } = await core.handlers
        .listSessions({}, local())
        .catch(() => ({ sessions: [] }));
      for (const s of sessions)
        for (const c of await e.listContainers({ [LABELS.session]: s.id }, { all: true }))
          await e.removeContainer(c.id, { force: true }).catch(() => undefined);
      await server.close();
      await core.dispose();
      for (const d of [dataDir, repo]) await rm(d, { recursive: true, force: true });
    },
  };
}

/** Chromium (the system's, headless) with a fresh profile; `close` removes the profile. */
export async function openChromium(
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}`);
  const profile = await mkdtemp(join(tmpdir(), 'ccr-bench-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking'],
      viewport,
    });
    return {
      context,
      async close() {
        await context.close().catch(() => undefined);
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await rm(profile, { recursive: true, force: true });
    throw e;
  }
}

/** A page of the app, connected: `window.__name` defined for functions sent to it. */
export async function openAppPage(context: BrowserContext, app: WebApp): Promise<Page> {
  const page = await context.newPage();
  // tsx keeps function names with a __name() helper, which functions sent to the page call.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.goto(app.server.newLink());
  await page.getByText('Web mode · connected').waitFor({ timeout: 30_000 });
  return page;
}

export interface BrowserApp {
  page: Page;
  core: Core;
  sessionId: string;
  containerId: string;
  close(): Promise<void>;
}

/** The app with one session started from a folder, shown in Chromium. */
export async function openBrowserApp(
  target: BenchEngine,
  userConfig: object,
  viewport = { width: 1280, height: 800 },
): Promise<BrowserApp> {
  const app = await openWebApp(target, userConfig);
  let browser: Awaited<ReturnType<typeof openChromium>> | null = null;
  try {
    const session = await app.core.handlers.startSession(
      { folder: app.repo, name: 'claude/bench' },
      local(),
    );
    browser = await openChromium(viewport);
    const page = await openAppPage(browser.context, app);
    const b = browser;
    return {
      page,
      core: app.core,
      sessionId: session.id,
      containerId: session.containerId ?? '',
      async close() {
        await b.close();
        await app.close();
      },
    };
  } catch (e) {
    await browser?.close();
    await app.close();
    throw e;
  }
}
