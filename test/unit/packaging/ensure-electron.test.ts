/**
 * `npm start` / `npm run dev` fetch Electron's binary first (Electron 45 no longer downloads it
 * at install time, and electron-vite alone stops with "Electron uninstall"). The pre-step runs
 * against a throw-away copy of the electron package with a local mirror that answers 404, so
 * nothing ever downloads or loads the real binary.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const realElectron = join(root, 'node_modules', 'electron');
// Inside node_modules so the copied install.js still resolves @electron/get.
const cacheDir = join(root, 'node_modules', '.cache');
const temps: string[] = [];
const requested: string[] = [];
let server: Server;
let mirror: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    res.writeHead(404).end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.close();
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

/** A copy of the electron package as `npm ci` leaves it: no path.txt, no dist/. */
async function freshElectron(): Promise<string> {
  await mkdir(cacheDir, { recursive: true });
  const base = await mkdtemp(join(cacheDir, 'ccr-electron-'));
  temps.push(base);
  const dir = join(base, 'electron');
  await mkdir(dir);
  for (const file of ['package.json', 'install.js', 'checksums.json', 'index.js']) {
    await copyFile(join(realElectron, file), join(dir, file));
  }
  return dir;
}

interface Outcome {
  code: number;
  output: string;
}

/** Runs the README's start command's pre-step (`npm run prestart`) against `dir`. */
function preStep(dir: string, script = 'prestart'): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CCR_ELECTRON_PACKAGE_DIR: dir,
    ELECTRON_MIRROR: mirror,
    electron_config_cache: join(dir, '..', 'cache'),
    ELECTRON_GET_NO_PROGRESS: '1',
  };
  delete env.ELECTRON_EXEC_PATH;
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', script],
      { cwd: root, env, timeout: 60_000 },
      (err, so, se) =>
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
          output: `${so}\n${se}`,
        }),
    );
  });
}

describe('the start pre-step fetches Electron when it is missing', () => {
  it('npm start and npm run dev both have it', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.prestart).toBe('node scripts/ensure-electron.mjs');
    expect(pkg.scripts.predev).toBe(pkg.scripts.prestart);
    // Never at install time: `npm ci` in CI must not download Electron.
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
      expect(pkg.scripts[hook] ?? '').not.toContain('ensure-electron');
    }
  });

  it("a fresh install runs Electron's installer, whose download error names the mirror settings", async () => {
    const dir = await freshElectron();
    const { version } = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
      version: string;
    };
    const { code, output } = await preStep(dir);
    expect(code).not.toBe(0);
    expect(output).not.toContain('Electron uninstall');
    // Electron's own installer asked the configured mirror for this version's zip.
    expect(requested).toContain(
      `/v${version}/electron-v${version}-${process.platform}-${process.arch}.zip`,
    );
    expect(output).toMatch(/404/);
    expect(output).toContain(`ELECTRON_MIRROR=${mirror}`);
    expect(output).toContain('electron_config_cache');
    expect(existsSync(join(dir, 'path.txt'))).toBe(false);
  });

  it('the dev pre-step does the same', async () => {
    const dir = await freshElectron();
    const { code, output } = await preStep(dir, 'predev');
    expect(code).not.toBe(0);
    expect(output).toContain('ELECTRON_MIRROR');
  });

  it('does nothing when path.txt names an existing binary', async () => {
    const dir = await freshElectron();
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist', 'electron'), 'stand-in');
    await writeFile(join(dir, 'path.txt'), 'electron');
    const marker = join(dir, 'installer-ran');
    await writeFile(
      join(dir, 'install.js'),
      `require('fs').writeFileSync(${JSON.stringify(marker)}, 'yes');`,
    );
    const before = requested.length;
    const { code, output } = await preStep(dir);
    expect({ code, output: output.trim() }).toEqual({ code: 0, output: '' });
    expect(existsSync(marker)).toBe(false);
    expect(requested.length).toBe(before);
  });

  it('runs the installer again when path.txt is there but the binary is not', async () => {
    const dir = await freshElectron();
    await writeFile(join(dir, 'path.txt'), 'electron');
    const marker = join(dir, 'installer-ran');
    await writeFile(
      join(dir, 'install.js'),
      `require('fs').writeFileSync(${JSON.stringify(marker)}, 'yes'); process.exit(3);`,
    );
    const { code } = await preStep(dir);
    expect(code).toBe(3);
    expect(existsSync(marker)).toBe(true);
  });
});
