/**
 * The desktop app's lifecycle: one instance, one core, one window. A second launch or a
 * macOS open-file hands its folder to the running app (an `openFolderRequest` event the
 * renderer turns into a session). Closing the window leaves sessions running; quitting asks.
 */
import { join } from 'node:path';
import { type BrowserWindow, Menu, Notification, app, dialog, session } from 'electron';
import { createCore, type Core } from '../core';
import { appDataDir } from '../app/paths';
import { createLocalBinding } from '../transport/local';
import { consoleLog } from '../transport/log';
import type { OpenFolderRequest } from '../../shared/schemas/app';
import { runCliIfAsked } from './cli-dispatch';
import { folderFromArgv } from './folders';
import { installCommandFromMenu } from './install-command-menu';
import { hardenSession, hardenWebContents } from './hardening';
import { electronHandlers } from './handlers';
import { connectWindow } from './ipc';
import { buildMenuTemplate } from './menu';
import { Notifier } from './notifier';
import { registerAppScheme, serveRenderer } from './protocol';
import { createQuitHandler, sessionsViaContract } from './quit';
import { createMainWindow, loadApp } from './window';

export interface AppPaths {
  /** out/main (where the bundle lives): preload and renderer are next to it. */
  bundleDir: string;
}

export function startElectronApp(paths: AppPaths): void {
  // `claude-run list` and friends: the CLI, before any window or the single-instance lock.
  if (runCliIfAsked()) return;
  if (!app.requestSingleInstanceLock()) {
    // The running instance gets our argv through 'second-instance'.
    app.quit();
    return;
  }
  // Every renderer sandboxed, whatever options a window is created with.
  app.enableSandbox();
  registerAppScheme();
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const devOrigin = devUrl ? new URL(devUrl).origin : undefined;
  let core: Core | null = null;
  let win: BrowserWindow | null = null;
  // Folders that arrive before the page listens (open-file fires before ready; a fresh page
  // needs a moment): the page takes them with takeOpenFolderRequests, later ones are pushed.
  const pending: OpenFolderRequest[] = [];
  let pageListening = false;
  let onRecentChanged = () => {};

  const request = (folder: string | null, source: OpenFolderRequest['source']) => {
    if (!folder) return;
    if (core && win && pageListening) {
      core.bus.emit('openFolderRequest', { folder, source });
      focus();
    } else pending.push({ folder, source });
  };
  const focus = () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  app.on('second-instance', (_event, argv, cwd) => {
    request(folderFromArgv(argv, cwd, app.isPackaged), 'second-instance');
    if (!win && core) void openWindow();
    focus();
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    request(path, 'open-file');
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, devOrigin));

  const openWindow = async () => {
    if (!core) return;
    const created = await createMainWindow({
      preload: join(paths.bundleDir, '../preload/index.cjs'),
      statePath: join(app.getPath('userData'), 'window-state.json'),
      isPackaged: app.isPackaged,
      devUrl,
      log: (m) => consoleLog.warn(m),
    });
    win = created;
    const handlers = electronHandlers(core.handlers, {
      getWindow: () => win,
      onFolderOpened: () => onRecentChanged(),
      takeOpenFolderRequests: () => {
        pageListening = true;
        return pending.splice(0);
      },
    });
    connectWindow(created, { handlers, bus: core.bus }, consoleLog, devOrigin);
    // A reload or a new page starts deaf until it takes the queue again.
    created.webContents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) pageListening = false;
    });
    created.on('closed', () => {
      if (win === created) {
        win = null;
        pageListening = false;
      }
    });
    await loadApp(created, devUrl);
  };

  app.on('before-quit', (event) => quitHandler?.(event));
  let quitHandler: ((event: { preventDefault(): void }) => void) | null = null;

  // Closing the last window quits on Linux/Windows (the sessions' containers keep running);
  // on macOS the app stays in the dock, as apps do there.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!win) void openWindow();
  });

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession, devUrl !== undefined);
    serveRenderer(join(paths.bundleDir, '../renderer'));
    core = await createCore({ dataDir: appDataDir(), mode: 'electron', version: app.getVersion() });
    const ready = core;
    const binding = createLocalBinding(ready, consoleLog);
    quitHandler = createQuitHandler({
      ...sessionsViaContract(binding),
      ask: async (count) => {
        const { response } = await dialog.showMessageBox({
          type: 'question',
          buttons: ['Keep Running', 'Stop Sessions', 'Cancel'],
          defaultId: 0,
          cancelId: 2,
          message:
            count === 1 ? 'A session is still running.' : `${count} sessions are still running.`,
          detail:
            'Their containers can keep running without the app; open the app again to get back to them.',
        });
        return response === 1 ? 'stop' : response === 2 ? 'cancel' : 'keep';
      },
      dispose: () => ready.dispose(),
      quit: () => app.quit(),
    });
    const notifier = new Notifier(ready.bus, {
      notify: ({ title, body }) => {
        if (Notification.isSupported()) new Notification({ title, body }).show();
      },
      setBadge: (count) => app.setBadgeCount(count),
      isFocused: () => win?.isFocused() ?? false,
    });
    app.on('will-quit', () => notifier.dispose());
    // Rebuilt whenever the recent folders change (the menu cannot update in place).
    const updateMenu = async () => {
      const { folders } = await ready.handlers
        .getRecentFolders({}, { transport: 'local', signal: new AbortController().signal })
        .catch(() => ({ folders: [] }));
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          buildMenuTemplate({
            platform: process.platform,
            isPackaged: app.isPackaged,
            appName: app.getName(),
            command: (command) => {
              focus();
              ready.bus.emit('uiCommand', { command });
            },
            recent: folders.map((f) => f.path),
            openRecent: (folder) => request(folder, 'menu'),
            // A development run's executable is bare Electron: nothing worth linking.
            installCommand: app.isPackaged ? () => void installCommandFromMenu() : undefined,
          }),
        ),
      );
    };
    onRecentChanged = () => void updateMenu();
    await updateMenu();
    request(folderFromArgv(process.argv, process.cwd(), app.isPackaged), 'argv');
    await openWindow();
  });
}
