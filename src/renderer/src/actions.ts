/**
 * What the shell's entry points do: the Open Folder button, the menu's ui commands, folders
 * handed over by a second launch. Panels added later register their own commands here.
 */
import type { UiCommandName } from '../../shared/schemas/app';
import { api } from './api-context';
import { openSettings } from './components/settings/open';
import { type ShownError, toShownError } from './stores/errors';
import { useConnection } from './stores/connection';
import { useFolders } from './stores/folders';
import { folderTab } from './stores/tabs';
import { useUi } from './stores/ui';

export { baseName } from './stores/tabs';

export async function openFolderPath(folder: string): Promise<boolean> {
  const error = await tryOpenFolder(folder);
  if (error) useUi.getState().showDialog({ kind: 'error', error });
  return error === null;
}

/** Opens the folder in a tab; the error to show when it cannot (the caller shows it). */
export async function tryOpenFolder(folder: string): Promise<ShownError | null> {
  try {
    const opened = await useFolders.getState().open(folder);
    useUi.getState().openTab(folderTab(opened));
    return null;
  } catch (err) {
    return toShownError('Cannot open this folder', err);
  }
}

/** Electron: the native dialog (through the contract). Web: a dialog that takes a path. */
export async function startOpenFolder(): Promise<void> {
  if (useConnection.getState().mode !== 'electron') {
    useUi.getState().showDialog({ kind: 'open-folder' });
    return;
  }
  try {
    const { folder } = await api().pickFolder({});
    if (folder) await openFolderPath(folder);
  } catch (err) {
    useUi
      .getState()
      .showDialog({ kind: 'error', error: toShownError('Cannot show the folder dialog', err) });
  }
}

type CommandHandler = () => void | Promise<void>;
const commands = new Map<UiCommandName, CommandHandler>([
  ['openFolder', startOpenFolder],
  ['closeTab', () => useUi.getState().closeTab()],
  ['settings', openSettings],
]);

/** Panels register what a menu command means once they exist (e.g. newTerminal). */
export function registerCommand(name: UiCommandName, handler: CommandHandler): () => void {
  commands.set(name, handler);
  return () => {
    if (commands.get(name) === handler) commands.delete(name);
  };
}

export function runCommand(name: UiCommandName): void {
  const handler = commands.get(name);
  if (handler) {
    void handler();
    return;
  }
  useUi.getState().showDialog({
    kind: 'notice',
    title: 'Not available yet',
    message: 'Open a folder and start a session first.',
  });
}

/**
 * Opens a link (a PR page) outside the app: through the main process in Electron, which only
 * lets https through; in a new browser tab in web mode, https only as well.
 */
export async function openLink(url: string): Promise<void> {
  if (useConnection.getState().mode === 'electron') {
    try {
      await api().openExternal({ url });
    } catch (err) {
      useUi
        .getState()
        .showDialog({ kind: 'error', error: toShownError('Cannot open this link', err) });
    }
    return;
  }
  if (!/^https:\/\/[^/\\@\s]+(\/|$)/i.test(url)) {
    useUi.getState().showDialog({
      kind: 'error',
      error: {
        title: 'Cannot open this link',
        message: 'Only https links are opened from the app.',
      },
    });
    return;
  }
  window.open(url, '_blank', 'noopener,noreferrer');
}
