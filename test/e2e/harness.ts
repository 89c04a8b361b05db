/**
 * End-to-end harness: a fresh renderer bundle, the web server in-process with a real core on
 * a real engine, and Chromium. Skips (with the reason) when Chromium or the engine is
 * missing on a developer machine; fails under CI, like describeEachEngine.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { userConfigPath, type PlatformEnv } from '../../src/main/config/paths';
import { type CoreOptions, createCore, type Core } from '../../src/main/core';
import { connectEngineAt } from '../../src/main/engine';
import { LABELS } from '../../src/main/engine/labels';
import { silentLog } from '../../src/main/transport/log';
import { startWebServer, type WebServer } from '../../src/main/transport/web/server';
import { ROOT, ensureBuilt } from '../helpers/build';
import { type ChromiumSession, chromiumMissing, launchChromium } from '../helpers/chromium';
import { type TestEngine, testEngine } from '../helpers/engines';

export { ROOT, ensureBuilt };
export const RENDERER_DIR = join(ROOT, 'out/renderer');
export const RESULTS_DIR = join(ROOT, 'test-results');

const isCi = process.env.CI === 'true' || process.env.CI === '1';

/** `describe` that needs Chromium and the Docker engine. */
export function describeE2E(title: string, body: (engine: TestEngine) => void): void {
  const { engine, reason } = testEngine('docker');
  const missing = chromiumMissing() ?? (engine ? null : (reason ?? 'no docker engine'));
  if (!missing) {
    describe(title, () => body(engine!));
  } else if (isCi) {
    describe(title, () => {
      it('has Chromium and a Docker engine', () => {
        throw new Error(`CI requires Chromium and a real Docker engine: ${missing}`);
      });
    });
  } else {
    describe.skip(`${title} (skipped: ${missing})`, () => body({ name: 'docker', address: '' }));
  }
}

export interface RunningApp {
  core: Core;
  server: WebServer;
  dataDir: string;
  /** The app's home, environment and platform: its user config and trust store are in dataDir. */
  host: PlatformEnv;
  /** Writes the user-level config file (the user's own: it always applies). */
  writeUserConfig(config: object): Promise<void>;
  /** Removes the containers of every session this app knows, then stops it. */
  stop(): Promise<void>;
}

export async function startApp(
  engine: TestEngine,
  version = '0.0.0-e2e',
  extra: Pick<CoreOptions, 'forge'> = {},
): Promise<RunningApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ccr-e2e-'));
  // The user-level config and the trusted-project store under dataDir, never the machine's.
  const env = {
    ...process.env,
    DOCKER_HOST: engine.address,
    CCR_DATA_DIR: dataDir,
    XDG_CONFIG_HOME: join(dataDir, '.config'),
  };
  const host: PlatformEnv = { env, homeDir: dataDir, platform: process.platform };
  const core = await createCore({ dataDir, mode: 'web', version, env, homeDir: dataDir, ...extra });
  const started = await startWebServer({
    core,
    rendererDir: RENDERER_DIR,
    port: 0,
    log: silentLog,
  });
  // Each printed link opens one tab; every page a test opens is a new tab, so every read of
  // `server.url` here is a fresh link (what the user gets printed after each use).
  const server: WebServer = Object.create(started, {
    url: { get: () => started.newLink(), enumerable: true },
  }) as WebServer;
  return {
    core,
    server,
    dataDir,
    host,
    async writeUserConfig(config) {
      const file = userConfigPath(host);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(config));
    },
    async stop() {
      const e = await connectEngineAt(engine.address);
      const ctx = { transport: 'local' as const, signal: new AbortController().signal };
      const { sessions } = await core.handlers
        .listSessions({}, ctx)
        .catch(() => ({ sessions: [] }));
      for (const s of sessions)
        for (const c of await e.listContainers({ [LABELS.session]: s.id }, { all: true }))
          await e.removeContainer(c.id, { force: true }).catch(() => undefined);
      await started.close();
      await core.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens a folder the way a user does: "Open folder…", the path typed, "Open". */
export async function openFolder(page: Page, folder: string): Promise<void> {
  await page.getByRole('button', { name: 'Open folder…' }).first().click();
  await page.getByPlaceholder('/home/you/projects/my-app').fill(folder);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
}

export interface AppPage {
  app: RunningApp;
  browser: ChromiumSession;
  page: Page;
}

/**
 * The web app on a real engine with the given user config (its agent, image, network), open
 * in a Chromium tab and connected. Page errors go to `problems`, for the test to assert none.
 */
export async function openAppPage(
  engine: TestEngine,
  opts: {
    userConfig: object;
    problems: string[];
    viewport?: { width: number; height: number };
    core?: Pick<CoreOptions, 'forge'>;
  },
): Promise<AppPage> {
  await ensureBuilt();
  const app = await startApp(engine, '0.0.0-e2e', opts.core ?? {});
  const browser = await launchChromium();
  await mkdir(RESULTS_DIR, { recursive: true });
  await app.writeUserConfig(opts.userConfig);
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => opts.problems.push(e.message));
  await page.setViewportSize(opts.viewport ?? { width: 1280, height: 800 });
  await page.goto(app.server.url);
  await page.getByText('Web mode · connected').waitFor({ timeout: 20_000 });
  return { app, browser, page };
}

/**
 * A failed flow's error with what the user saw: a screenshot at `screenshot` and the page's
 * text in the message.
 */
export async function pageFailure(page: Page, screenshot: string, e: unknown): Promise<Error> {
  await page.screenshot({ path: screenshot }).catch(() => undefined);
  const text = await page
    .locator('body')
    .innerText()
    .catch(() => '');
  return new Error(`${(e as Error).message}\n--- page text ---\n${text.slice(0, 3000)}`, {
    cause: e,
  });
}

/** A git repository in a temp folder with a README and one commit by "User" on `main`. */
export async function makeRepo(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `ccr-e2e-${name}-`));
  const git = (...args: string[]) => promisify(execFile)('git', ['-C', dir, ...args]);
  await git('init', '-q', '-b', 'main');
  await git('config', 'user.name', 'User');
  await git('config', 'user.email', 'user@example.invalid');
  await writeFile(join(dir, 'README.md'), '# demo\n');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'init');
  return dir;
}
