/**
 * The rest of the desktop glue: menus, notifications and badge, the quit question, window
 * bounds, folders from a second launch, the app protocol.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

vi.mock('electron', () => import('./fake-electron'));

import * as fake from './fake-electron';
import { buildMenuTemplate, COMMAND_ITEMS } from '../../../src/main/electron/menu';
import { Notifier } from '../../../src/main/electron/notifier';
import { createQuitHandler } from '../../../src/main/electron/quit';
import { loadWindowState, saveWindowState } from '../../../src/main/electron/window-state';
import { folderFromArgv } from '../../../src/main/electron/folders';
import { registerAppScheme, serveRenderer } from '../../../src/main/electron/protocol';
import { EventBus } from '../../../src/main/events';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ccr-glue-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

describe('menu', () => {
  it('has every app command with its shortcut, each sending a uiCommand', () => {
    const sent: string[] = [];
    const items = flatten(
      buildMenuTemplate({
        platform: 'linux',
        isPackaged: true,
        appName: 'X',
        command: (c) => sent.push(c),
      }),
    );
    for (const [name, { label, accelerator }] of Object.entries(COMMAND_ITEMS)) {
      const item = items.find((i) => i.label === label);
      expect(item?.accelerator, label).toBe(accelerator);
      (item!.click as () => void)();
      expect(sent.at(-1)).toBe(name);
    }
    expect(COMMAND_ITEMS.openFolder.accelerator).toBe('CmdOrCtrl+O');
    const accelerators = items.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accelerators).size, 'no shortcut used twice').toBe(accelerators.length);
  });

  it('lists recent folders under Open Recent on every platform; a click opens that folder', () => {
    const opened: string[] = [];
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const items = flatten(
        buildMenuTemplate({
          platform,
          isPackaged: true,
          appName: 'X',
          command: () => {},
          recent: ['/home/me/a', '/home/me/b'],
          openRecent: (f) => opened.push(f),
        }),
      );
      const recent = items.find((i) => i.label === 'Open Recent')!;
      expect((recent.submenu as MenuItemConstructorOptions[]).map((i) => i.label)).toEqual([
        '/home/me/a',
        '/home/me/b',
      ]);
      ((recent.submenu as MenuItemConstructorOptions[])[1]!.click as () => void)();
    }
    expect(opened).toEqual(['/home/me/b', '/home/me/b', '/home/me/b']);
    const empty = flatten(
      buildMenuTemplate({ platform: 'linux', isPackaged: true, appName: 'X', command: () => {} }),
    );
    expect(empty.find((i) => i.label === 'Open Recent')?.enabled).toBe(false);
  });

  it('offers reload and devtools in development builds only, and the standard roles', () => {
    const roles = (isPackaged: boolean, platform: NodeJS.Platform) =>
      flatten(buildMenuTemplate({ platform, isPackaged, appName: 'X', command: () => {} })).map(
        (i) => i.role,
      );
    expect(roles(true, 'linux')).not.toContain('toggleDevTools');
    expect(roles(true, 'linux')).not.toContain('reload');
    expect(roles(false, 'linux')).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    expect(roles(true, 'darwin')).toEqual(
      expect.arrayContaining(['about', 'hide', 'quit', 'copy', 'paste', 'windowMenu']),
    );
    expect(roles(true, 'win32')).toEqual(expect.arrayContaining(['quit', 'undo', 'selectAll']));
  });
});

describe('notifier', () => {
  it('counts sessions that need the user on the badge and notifies only when unfocused', () => {
    const bus = new EventBus();
    const notify = vi.fn();
    let badge = -1;
    let focused = false;
    const notifier = new Notifier(bus, {
      notify,
      setBadge: (n) => (badge = n),
      isFocused: () => focused,
    });
    bus.emit('sessionAttention', { sessionId: 'aaa111', state: 'waiting', reason: 'idle' });
    bus.emit('sessionAttention', { sessionId: 'bbb222', state: 'finished', reason: 'exited' });
    expect(badge).toBe(2);
    expect(notify).toHaveBeenCalledTimes(2);
    focused = true;
    bus.emit('sessionAttention', { sessionId: 'aaa111', state: 'working', reason: 'output' });
    expect(badge).toBe(1);
    notifier.acknowledge('bbb222');
    expect(badge).toBe(0);
    bus.emit('commitImported', {
      sessionId: 'aaa111',
      branch: 'claude/x',
      tip: 'a'.repeat(40),
      previousTip: null,
      commits: ['a'.repeat(40)],
      elapsedMs: 3,
    });
    expect(notify).toHaveBeenCalledTimes(2); // focused: the UI shows it
    focused = false;
    bus.emit('commitImported', {
      sessionId: 'aaa111',
      branch: 'claude/x',
      tip: 'b'.repeat(40),
      previousTip: null,
      commits: ['b'.repeat(40), 'c'.repeat(40)],
      elapsedMs: 3,
    });
    expect(notify).toHaveBeenLastCalledWith({
      title: '2 new commits',
      body: 'On claude/x (bbbbbbb).',
    });
    notifier.dispose();
  });

  it('reports a failed session and clears it once stopped', () => {
    const bus = new EventBus();
    const notify = vi.fn();
    let badge = 0;
    new Notifier(bus, { notify, setBadge: (n) => (badge = n), isFocused: () => false });
    const info = {
      schemaVersion: 1 as const,
      id: 'abc123',
      name: 'fix-bug',
      folder: '/r',
      branch: 'claude/x',
      baseCommit: null,
      engine: { address: 'unix:///x', kind: 'docker' as const },
      containerId: null,
      containerName: 'c',
      image: 'i',
      containerUser: '',
      createdAt: '',
      updatedAt: '',
    };
    bus.emit('sessionStatus', { ...info, status: 'running' });
    expect(notify).not.toHaveBeenCalled();
    bus.emit('sessionStatus', {
      ...info,
      status: 'failed',
      error: { code: 'setup-command-failed', message: 'setup command 1 exited with 2' },
    });
    expect(notify).toHaveBeenCalledWith({
      title: 'A session failed',
      body: 'fix-bug: setup command 1 exited with 2',
    });
    expect(badge).toBe(1);
    bus.emit('sessionStatus', { ...info, status: 'stopped' });
    expect(badge).toBe(0);
  });
});

describe('quitting', () => {
  const run = async (running: string[], choice: 'keep' | 'stop' | 'cancel') => {
    const calls: string[] = [];
    const handler = createQuitHandler({
      runningSessions: async () => running,
      stopSessions: async (ids) => void calls.push(`stop ${ids.join(',')}`),
      ask: async (n) => (calls.push(`ask ${n}`), choice),
      dispose: async () => void calls.push('dispose'),
      quit: () => calls.push('quit'),
    });
    const event = new fake.FakeEvent();
    handler(event);
    await new Promise((r) => setTimeout(r, 10));
    expect(event.defaultPrevented).toBe(true);
    const second = new fake.FakeEvent();
    handler(second);
    return { calls, secondPrevented: second.defaultPrevented };
  };

  it('quits without asking when nothing runs', async () => {
    expect((await run([], 'stop')).calls).toEqual(['dispose', 'quit']);
  });
  it('keeps containers running by default', async () => {
    const { calls, secondPrevented } = await run(['s1', 's2'], 'keep');
    expect(calls).toEqual(['ask 2', 'dispose', 'quit']);
    expect(secondPrevented).toBe(false);
  });
  it('stops them when asked to', async () => {
    expect((await run(['s1'], 'stop')).calls).toEqual(['ask 1', 'stop s1', 'dispose', 'quit']);
  });
  it('does not quit on cancel', async () => {
    const { calls, secondPrevented } = await run(['s1'], 'cancel');
    expect(calls).toEqual(['ask 1']);
    expect(secondPrevented).toBe(true);
  });
});

describe('window state', () => {
  const screens = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('round-trips through an atomic JSON file', async () => {
    const file = join(dir, 'state', 'window.json');
    await saveWindowState(file, {
      bounds: { x: 100, y: 80, width: 1200, height: 800 },
      maximized: true,
    });
    expect(await loadWindowState(file, screens)).toEqual({
      bounds: { x: 100, y: 80, width: 1200, height: 800 },
      maximized: true,
    });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ maximized: true });
  });
  it('drops a position on a screen that is gone, and ignores a corrupt file', async () => {
    const file = join(dir, 'w2.json');
    await saveWindowState(file, {
      bounds: { x: 5000, y: 80, width: 1200, height: 800 },
      maximized: false,
    });
    const state = await loadWindowState(file, screens);
    expect(state?.bounds.width).toBe(1200);
    expect(Number.isNaN(state?.bounds.x)).toBe(true);
    await writeFile(file, '{"bounds": ');
    expect(await loadWindowState(file, screens)).toBeNull();
  });
});

describe('folders from a launch', () => {
  it('takes the last non-flag argument, resolved against the launching cwd', () => {
    expect(folderFromArgv(['/usr/bin/ccr', '--no-sandbox', 'proj'], '/home/me', true)).toBe(
      '/home/me/proj',
    );
    expect(folderFromArgv(['electron', '/app', '/abs/repo'], '/x', false)).toBe('/abs/repo');
    expect(folderFromArgv(['electron', '/app', '--flag=1'], '/x', false)).toBeNull();
  });
});

describe('app protocol', () => {
  it('serves renderer files with the CSP and refuses anything outside', async () => {
    const root = join(dir, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html>');
    await writeFile(join(dir, 'secret.txt'), 'secret');
    registerAppScheme();
    expect(fake.protocol.privileged).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    serveRenderer(root);
    const handle = fake.protocol.handlers.get('app')!;
    const ok = await handle(new Request('app://ccr/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'none'");
    for (const url of [
      'app://ccr/../secret.txt',
      'app://ccr/%2e%2e/secret.txt',
      'app://other/index.html',
      'app://ccr/assets/',
    ]) {
      expect((await handle(new Request(url))).status, url).toBe(404);
    }
  });
});
