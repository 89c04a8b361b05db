/**
 * IPC in the app: one handler per contract method and no other, and only the app's own main
 * frame may call them.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import * as fake from './fake-electron';
import { connectWindow } from '../../../src/main/electron/ipc';
import type { Core } from '../../../src/main/core';
import { type TempCore, tempCore } from '../../helpers/temp-core';
import { silentLog } from '../../../src/main/transport/log';
import { ipcChannel, methodNames } from '../../../src/shared/contract';

let app: TempCore;
let core: Core;
beforeAll(async () => {
  app = await tempCore({ mode: 'electron', version: '4.5.6' }, 'ccr-ipc-');
  core = app.core;
});
afterAll(() => app?.dispose());

function setup() {
  fake.ipcMain.handlers.clear();
  const win = new fake.BrowserWindow({});
  const spy = vi.fn(core.handlers.getAppInfo);
  connectWindow(
    win as never,
    { bus: core.bus, handlers: { ...core.handlers, getAppInfo: spy } },
    silentLog,
  );
  const own = () => ({ sender: win.webContents, senderFrame: { ...win.webContents.mainFrame } });
  const call = (event: unknown, method: string, ...args: unknown[]) =>
    fake.ipcMain.handlers.get(ipcChannel.method(method as never))!(event, ...args);
  return { win, spy, own, call };
}

describe('IPC handlers', () => {
  it('registers exactly one handler per contract method', () => {
    setup();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(
      methodNames.map((m) => ipcChannel.method(m)).sort(),
    );
  });

  it("answers the app's own main frame", async () => {
    const { own, call, spy } = setup();
    await expect(call(own(), 'getAppInfo', {})).resolves.toEqual({
      ok: true,
      result: { version: '4.5.6', mode: 'electron' },
    });
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('refuses a subframe, another page, another window and a missing frame', async () => {
    const { win, own, call, spy } = setup();
    const other = new fake.BrowserWindow({});
    const foreign = [
      {
        ...own(),
        senderFrame: {
          ...win.webContents.mainFrame,
          routingId: 999,
          parent: win.webContents.mainFrame,
        },
      },
      { ...own(), senderFrame: { ...win.webContents.mainFrame, url: 'https://evil.example/' } },
      { ...own(), senderFrame: { ...win.webContents.mainFrame, url: 'file:///tmp/evil.html' } },
      { ...own(), senderFrame: { ...win.webContents.mainFrame, url: 'app://evil/index.html' } },
      { sender: other.webContents, senderFrame: { ...other.webContents.mainFrame } },
      { ...own(), senderFrame: null },
    ];
    for (const event of foreign) {
      await expect(call(event, 'getAppInfo', {})).resolves.toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'This page may not call the app.' },
      });
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('refuses calls with extra arguments, validates payloads, and removes handlers when the window closes', async () => {
    const { win, own, call } = setup();
    await expect(call(own(), 'getAppInfo', {}, 'extra')).resolves.toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    await expect(call(own(), 'openFolder', { folder: 1 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    win.emit('closed');
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it('forwards bus events to the window, and stops after it closed', () => {
    const { win } = setup();
    core.bus.emit('uiCommand', { command: 'settings' });
    expect(win.webContents.sent).toEqual([
      [ipcChannel.event('uiCommand'), { command: 'settings' }],
    ]);
    win.emit('closed');
    core.bus.emit('uiCommand', { command: 'closeTab' });
    expect(win.webContents.sent).toHaveLength(1);
  });
});
