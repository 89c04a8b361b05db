/**
 * `claude-run <command>` in a packaged build starts the Electron binary: the main process runs
 * the CLI and exits, without a window or the single-instance lock; a folder still opens the app.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import * as fake from './fake-electron';
import { startElectronApp } from '../../../src/main/electron/app';
import {
  cliArgsFromArgv,
  cliCommandNames,
  cliOptionNames,
} from '../../../src/main/electron/cli-dispatch';
import pkg from '../../../package.json';

let dir: string;
let argv: string[];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ccr-cli-dispatch-'));
  vi.stubEnv('CCR_DATA_DIR', join(dir, 'data'));
  fake.app.userData = join(dir, 'userData');
  argv = process.argv;
});
afterEach(() => {
  vi.restoreAllMocks();
  fake.app.isPackaged = false;
});
afterAll(async () => {
  vi.unstubAllEnvs();
  process.argv = argv;
  await rm(dir, { recursive: true, force: true });
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

/** Starts the app as a packaged launch with these arguments; returns what it printed. */
function launch(...args: string[]) {
  fake.app.isPackaged = true;
  process.argv = ['/app/claude-run', ...args];
  const printed: string[] = [];
  // Writers may wait for the write callback before exiting: call it.
  const capture = ((chunk: unknown, a?: unknown, b?: unknown) => {
    printed.push(String(chunk));
    const done = typeof a === 'function' ? a : b;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as typeof process.stdout.write;
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const lock = vi.spyOn(fake.app, 'requestSingleInstanceLock');
  // Commands that hold engine connections end with process.exit (Electron's exits the app).
  const processExits: number[] = [];
  vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    processExits.push(code ?? 0);
  }) as typeof process.exit);
  const exitsBefore = fake.app.exitCodes.length;
  const windowsBefore = fake.BrowserWindow.instances.length;
  startElectronApp({ bundleDir: '/app/out/main' });
  return {
    printed,
    lock,
    exited: () => processExits.length > 0 || fake.app.exitCodes.length > exitsBefore,
    exitCode: () => processExits[0] ?? fake.app.exitCodes[exitsBefore],
    newWindows: () => fake.BrowserWindow.instances.length - windowsBefore,
  };
}

describe('claude-run commands in the desktop binary', () => {
  it('runs `claude-run list` as the CLI and exits, with no window and no instance lock', async () => {
    // The real Docker engine this machine runs for tests answers the listing.
    vi.stubEnv('DOCKER_HOST', 'unix:///tmp/ccr-engines/docker/docker.sock');
    const run = launch('list');
    await until(run.exited);
    expect(run.exitCode(), run.printed.join('')).toBe(0);
    expect(run.lock).not.toHaveBeenCalled();
    expect(run.newWindows()).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(run.newWindows()).toBe(0);
  });

  it('prints the version for --version (also after a Chromium switch) and exits 0', async () => {
    for (const args of [['--version'], ['--no-sandbox', '-v']]) {
      const run = launch(...args);
      await until(run.exited);
      expect(run.exitCode()).toBe(0);
      expect(run.printed.join('')).toContain(pkg.version);
      expect(run.lock).not.toHaveBeenCalled();
    }
  });

  it('prints the commands for --help', async () => {
    const run = launch('--help');
    await until(run.exited);
    expect(run.exitCode()).toBe(0);
    expect(run.printed.join('')).toMatch(/list\|ls/);
  });

  it('opens the app for a folder argument, as before', async () => {
    const run = launch('/some/folder');
    await until(() => run.newWindows() === 1);
    expect(run.lock).toHaveBeenCalled();
    expect(run.exited()).toBe(false);
    const win = fake.BrowserWindow.instances.at(-1)!;
    win.emit('closed');
  });
});

describe('which launches are CLI calls', () => {
  const names = cliCommandNames();
  it('knows every CLI command and alias', () => {
    expect([...names]).toEqual(
      expect.arrayContaining([
        'web',
        'start',
        'attach',
        'list',
        'ls',
        'stop',
        'logs',
        'clean',
        'config',
        'help',
      ]),
    );
  });
  it('reads packaged and development argv, skipping switches', () => {
    expect(cliArgsFromArgv(['/app/claude-run', 'logs', '-f', 'abc'], true, names)).toEqual([
      'logs',
      '-f',
      'abc',
    ]);
    expect(cliArgsFromArgv(['/usr/bin/electron', '/app', 'ls'], false, names)).toEqual(['ls']);
    expect(cliArgsFromArgv(['/usr/bin/electron', '/app'], false, names)).toBeNull();
    expect(cliArgsFromArgv(['/app/claude-run'], true, names)).toBeNull();
    expect(
      cliArgsFromArgv(['/app/claude-run', '--no-sandbox', 'stop', '--all'], true, names),
    ).toEqual(['stop', '--all']);
    // A folder, even one named like nothing the CLI knows, opens the app.
    expect(cliArgsFromArgv(['/app/claude-run', 'my-project'], true, names)).toBeNull();
    expect(cliArgsFromArgv(['/app/claude-run', '--inspect=9229', '.'], true, names)).toBeNull();
  });

  it('keeps a leading option the CLI knows: that launch is a CLI call, not a Chromium switch', () => {
    const names = cliCommandNames();
    const options = cliOptionNames();
    expect(options.has('--trust-project-config')).toBe(true);
    expect(
      cliArgsFromArgv(
        ['/app/claude-run', '--no-sandbox', '--trust-project-config', 'start'],
        true,
        names,
        options,
      ),
    ).toEqual(['--trust-project-config', 'start']);
    expect(
      cliArgsFromArgv(['/app/claude-run', '--ignore-project-config', '.'], true, names, options),
    ).toEqual(['--ignore-project-config', '.']);
    // Unknown switches are still skipped, and a bare folder still opens the app.
    expect(
      cliArgsFromArgv(['/app/claude-run', '--inspect=9229', '.'], true, names, options),
    ).toBeNull();
  });
});
