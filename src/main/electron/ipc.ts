/**
 * Connects the contract to one window over Electron IPC (the binding itself is
 * src/main/transport/ipc.ts, electron-free and shared with the tests).
 */
import { type BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron';
import type { Handlers } from '../../shared/contract';
import type { EventBus } from '../events';
import { bindIpc } from '../transport/ipc';
import type { TransportLog } from '../transport/log';
import { isTrustedSender } from './security';

export function connectWindow(
  win: BrowserWindow,
  core: { handlers: Handlers; bus: EventBus },
  log: TransportLog,
  devOrigin?: string,
): void {
  const controller = new AbortController();
  const unbind = bindIpc<IpcMainInvokeEvent>({
    ipcMain,
    handlers: core.handlers,
    bus: core.bus,
    isTrustedSender: (event) => isTrustedSender(event, win, devOrigin),
    send: (channel, payload) => {
      if (!win.isDestroyed() && !win.webContents.isDestroyed())
        win.webContents.send(channel, payload);
    },
    log,
    signal: controller.signal,
  });
  win.on('closed', () => {
    controller.abort();
    unbind();
  });
}
