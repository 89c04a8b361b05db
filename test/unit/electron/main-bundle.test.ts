/**
 * The built main-process bundle (out/main/index.js) started with the stand-in electron: it
 * finds its preload and renderer next to it, opens the window on the app protocol, and that
 * protocol serves the built page with its CSP.
 */
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as fake from './fake-electron';
import { ROOT, ensureBuilt } from '../../helpers/build';

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: Loader };
let originalLoad: Loader;
let argv: string[];
let dir: string;

beforeAll(async () => {
  await ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'ccr-main-bundle-'));
  vi.stubEnv('CCR_DATA_DIR', join(dir, 'data'));
  fake.app.userData = join(dir, 'userData');
  argv = process.argv;
  process.argv = ['/usr/bin/electron', '/app'];
  originalLoad = moduleWithLoad._load;
  moduleWithLoad._load = function (request, parent, isMain) {
    return request === 'electron' ? fake : originalLoad.call(this, request, parent, isMain);
  };
}, 300_000);
afterAll(async () => {
  moduleWithLoad._load = originalLoad;
  process.argv = argv;
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('built main bundle', () => {
  it('starts, opens the secure window with the built preload, and serves the built page', async () => {
    createRequire(import.meta.url)(join(ROOT, 'out/main/index.js'));
    for (let i = 0; i < 300 && !fake.BrowserWindow.instances[0]?.loadedUrl; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const win = fake.BrowserWindow.instances[0]!;
    expect(win.loadedUrl).toBe('app://ccr/index.html');
    const prefs = win.options.webPreferences as {
      preload: string;
      sandbox: boolean;
      contextIsolation: boolean;
    };
    expect(prefs.preload).toBe(join(ROOT, 'out/preload/index.cjs'));
    expect(existsSync(prefs.preload)).toBe(true);
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true });
    const page = await fake.protocol.handlers.get('app')!(new Request('app://ccr/index.html'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = /src="([^"]+\.js)"/.exec(
      await (await fake.protocol.handlers.get('app')!(new Request('app://ccr/index.html'))).text(),
    )![1]!;
    const js = await fake.protocol.handlers.get('app')!(
      new Request(new URL(script, 'app://ccr/index.html').href),
    );
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(fake.ipcMain.handlers.size).toBeGreaterThan(0);
  });
});
