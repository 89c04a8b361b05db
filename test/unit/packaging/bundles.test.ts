/**
 * The built bundles load: main (with the stand-in electron module; the real one cannot load
 * here), preload (with a stand-in contextBridge), the renderer page's assets, and the CLI.
 * They are built fresh into a cache folder (a few seconds) so the check never runs on a stale
 * out/ and never disturbs the out/ another process may be using.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(__dirname, '..', '..', '..');
// Inside the repository so the bundles' bare requires (dockerode, zod, …) resolve.
const outDir = join(root, 'node_modules', '.cache', 'ccr-bundles');
const temps: string[] = [];

beforeAll(async () => {
  await rm(outDir, { recursive: true, force: true });
  try {
    await run(
      process.execPath,
      [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir],
      {
        cwd: root,
        timeout: 180_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  } catch (e) {
    const out =
      `${(e as { stdout?: string }).stdout ?? ''}\n${(e as { stderr?: string }).stderr ?? ''}`
        .trim()
        .split('\n')
        .slice(-25)
        .join('\n');
    throw new Error(
      `electron-vite build failed, so the bundles cannot be checked; run \`npm run build\` and fix what it reports:\n${out}`,
      { cause: e },
    );
  }
}, 240_000);

afterAll(async () => {
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

/** Loads a CommonJS bundle with `electron` answered by `stand-in`. */
function loadWith(file: string, standIn: unknown): unknown {
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    if (request === 'electron') return standIn;
    return original.call(this, request, ...rest);
  };
  try {
    return createRequire(file)(file);
  } finally {
    mod._load = original;
  }
}

describe('built bundles', () => {
  it('main loads with the stand-in electron and takes the single-instance lock', async () => {
    const fake = await import('../electron/fake-electron');
    const userData = await mkdtemp(join(tmpdir(), 'ccr-bundle-userdata-'));
    temps.push(userData);
    fake.app.userData = userData;
    // The app then quits instead of starting, as a second instance would: loading is the check.
    fake.app.lock = false;
    const before = fake.app.quitCalls;
    loadWith(join(outDir, 'main', 'index.js'), fake);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.app.quitCalls).toBeGreaterThan(before);
  });

  it('preload exposes the API through contextBridge', () => {
    const exposed = new Map<string, unknown>();
    const standIn = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async () => undefined,
        on: () => undefined,
        removeListener: () => undefined,
        off: () => undefined,
      },
    };
    loadWith(join(outDir, 'preload', 'index.cjs'), standIn);
    expect(exposed.size).toBe(1);
    const [api] = [...exposed.values()];
    expect(typeof api).toBe('object');
    expect(Object.keys(api as object).length).toBeGreaterThan(0);
  });

  it("renderer page's scripts and styles exist and its scripts parse as modules", async () => {
    const dir = join(outDir, 'renderer');
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) =>
      m[1]!.replace(/^\.?\//, ''),
    );
    expect(refs.some((r) => r.endsWith('.js'))).toBe(true);
    const tmp = await mkdtemp(join(tmpdir(), 'ccr-bundle-check-'));
    temps.push(tmp);
    for (const ref of refs) {
      expect(existsSync(join(dir, ref)), `${ref} referenced by index.html`).toBe(true);
      if (!ref.endsWith('.js')) continue;
      const copy = join(tmp, 'check.mjs');
      await copyFile(join(dir, ref), copy);
      await run(process.execPath, ['--check', copy]);
    }
  });

  it('the CLI bundle runs under plain Node, without electron', async () => {
    const cli = join(outDir, 'main', 'cli.js');
    expect(await readFile(cli, 'utf8')).not.toMatch(/require\(["']electron["']\)/);
    // Exits 0 (execFile rejects otherwise) without the Electron runtime.
    await run(process.execPath, [cli, '--help'], { timeout: 30_000 });
  });
});
