/**
 * The app's lifecycle with the stand-in electron: a second instance gives way, and the folder
 * a second launch hands over reaches the page (queued until it listens, pushed after).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import * as fake from './fake-electron';
import { startElectronApp } from '../../../src/main/electron/app';
import { ipcChannel } from '../../../src/shared/contract';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ccr-app-'));
  vi.stubEnv('CCR_DATA_DIR', join(dir, 'data'));
  fake.app.userData = join(dir, 'userData');
  // The app reads a folder from its own argv at start; vitest's must not count as one.
  argv = process.argv;
  process.argv = ['/usr/bin/electron', '/app'];
});
let argv: string[];
afterAll(async () => {
  vi.unstubAllEnvs();
  process.argv = argv;
  await rm(dir, { recursive: true, force: true });
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('desktop app lifecycle', () => {
  it('quits at once when another instance holds the lock', () => {
    fake.app.lock = false;
    const before = fake.app.quitCalls;
    startElectronApp({ bundleDir: '/app/out/main' });
    expect(fake.app.quitCalls).toBe(before + 1);
    expect(fake.BrowserWindow.instances).toHaveLength(0);
    fake.app.lock = true;
  });

  it('opens one secure window on the app protocol and hands over folders from second launches', async () => {
    startElectronApp({ bundleDir: '/app/out/main' });
    await until(
      () =>
        fake.BrowserWindow.instances.length === 1 &&
        fake.BrowserWindow.instances[0]!.loadedUrl !== null,
    );
    const win = fake.BrowserWindow.instances[0]!;
    expect(win.loadedUrl).toBe('app://ccr/index.html');
    expect(fake.app.sandboxed).toBe(true);
    expect((win.options.webPreferences as { preload: string }).preload).toBe(
      '/app/out/preload/index.cjs',
    );
    expect(fake.Menu.template).not.toBeNull();

    // Before the page listens: queued.
    fake.app.emit('second-instance', {}, ['/usr/bin/electron', '/app', '/home/me/repo-a'], '/');
    const own = { sender: win.webContents, senderFrame: { ...win.webContents.mainFrame } };
    const take = fake.ipcMain.handlers.get(ipcChannel.method('takeOpenFolderRequests'))!;
    await expect(take(own, {})).resolves.toEqual({
      ok: true,
      result: { requests: [{ folder: '/home/me/repo-a', source: 'second-instance' }] },
    });
    // Once it listens: pushed as an event.
    fake.app.emit(
      'second-instance',
      {},
      ['/usr/bin/electron', '/app', '--x', 'repo-b'],
      '/home/me',
    );
    expect(win.webContents.sent).toContainEqual([
      ipcChannel.event('openFolderRequest'),
      { folder: '/home/me/repo-b', source: 'second-instance' },
    ]);
    const openFile = new fake.FakeEvent();
    fake.app.emit('open-file', openFile, '/Users/me/repo-c');
    expect(openFile.defaultPrevented).toBe(true);
    expect(win.webContents.sent).toContainEqual([
      ipcChannel.event('openFolderRequest'),
      { folder: '/Users/me/repo-c', source: 'open-file' },
    ]);

    // Menu commands reach the page as uiCommand events.
    const file = (
      fake.Menu.template as { label?: string; submenu?: { label?: string; click?: () => void }[] }[]
    ).find((m) => m.label === 'File')!;
    file.submenu!.find((i) => i.label === 'New Session')!.click!();
    expect(win.webContents.sent).toContainEqual([
      ipcChannel.event('uiCommand'),
      { command: 'newSession' },
    ]);

    // Quitting with no sessions running: held once, then allowed.
    const quit = new fake.FakeEvent();
    fake.app.emit('before-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    win.emit('closed');
  });
});
