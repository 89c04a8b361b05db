/**
 * The application menu: the platform's standard roles plus the app's commands. App commands
 * do nothing here but send a `uiCommand` event; the renderer decides what each one means in
 * its current state (which tab is open, which session is selected).
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { UiCommandName } from '../../shared/schemas/app';

export interface MenuOptions {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  appName: string;
  command(name: UiCommandName): void;
  /** Recent folders, newest first, for File › Open Recent (every platform). */
  recent?: string[];
  openRecent?(folder: string): void;
  /** "Install 'claude-run' Command…" (left out when not given). */
  installCommand?(): void;
}

export const INSTALL_COMMAND_LABEL = "Install 'claude-run' Command…";

/** Each app command once, with its shortcut: the single source for the menu and for docs. */
export const COMMAND_ITEMS: Record<UiCommandName, { label: string; accelerator: string }> = {
  openFolder: { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O' },
  newSession: { label: 'New Session', accelerator: 'CmdOrCtrl+N' },
  newTerminal: { label: 'New Terminal', accelerator: 'CmdOrCtrl+T' },
  closeTab: { label: 'Close Tab', accelerator: 'CmdOrCtrl+W' },
  findInTerminal: { label: 'Find in Terminal', accelerator: 'CmdOrCtrl+F' },
  reviewChanges: { label: 'Review Changes', accelerator: 'CmdOrCtrl+Shift+G' },
  settings: { label: 'Settings…', accelerator: 'CmdOrCtrl+,' },
};

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const item = (name: UiCommandName): MenuItemConstructorOptions => ({
    ...COMMAND_ITEMS[name],
    click: () => options.command(name),
  });
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  const install: MenuItemConstructorOptions[] = options.installCommand
    ? [{ label: INSTALL_COMMAND_LABEL, click: () => options.installCommand?.() }]
    : [];

  const file: MenuItemConstructorOptions[] = [
    item('openFolder'),
    {
      label: 'Open Recent',
      enabled: (options.recent ?? []).length > 0,
      submenu: (options.recent ?? []).map((folder) => ({
        label: folder,
        click: () => options.openRecent?.(folder),
      })),
    },
    sep,
    item('newSession'),
    item('newTerminal'),
    sep,
    item('closeTab'),
    // Cmd/Ctrl+W closes the tab, so closing the window moves to Shift.
    { role: 'close', accelerator: 'CmdOrCtrl+Shift+W' },
  ];
  if (!isMac) file.push(sep, ...install, item('settings'), sep, { role: 'quit' });

  const view: MenuItemConstructorOptions[] = [item('reviewChanges'), sep];
  if (!options.isPackaged)
    view.push({ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, sep);
  view.push({ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, sep, {
    role: 'togglefullscreen',
  });

  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: options.appName,
      submenu: [
        { role: 'about' },
        sep,
        item('settings'),
        ...install,
        sep,
        { role: 'services' },
        sep,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        sep,
        { role: 'quit' },
      ],
    });
  }
  template.push(
    { label: 'File', submenu: file },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        sep,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        sep,
        item('findInTerminal'),
      ],
    },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  );
  return template;
}
