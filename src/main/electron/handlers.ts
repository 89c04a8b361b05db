/**
 * The methods that behave differently in the desktop app: a native folder dialog, links in
 * the user's browser (https only), opened folders in the OS's recent documents, and folders
 * handed over by a second launch or macOS open-file.
 */
import { type BrowserWindow, app, dialog } from 'electron';
import type { Handlers } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { OpenFolderRequest } from '../../shared/schemas/app';
import { openExternalSafely } from './hardening';

export interface ElectronHandlerDeps {
  getWindow(): BrowserWindow | null;
  /** Folders handed to the app before the page listened; taking them means it listens now. */
  takeOpenFolderRequests(): OpenFolderRequest[];
  /** The recent folders changed (the menu's Open Recent follows). */
  onFolderOpened?(folder: string): void;
}

export function electronHandlers(base: Handlers, deps: ElectronHandlerDeps): Handlers {
  return {
    ...base,
    pickFolder: async () => {
      const win = deps.getWindow();
      const options = {
        title: 'Open Folder',
        properties: ['openDirectory' as const, 'createDirectory' as const],
      };
      const result = win
        ? await dialog.showOpenDialog(win, options)
        : await dialog.showOpenDialog(options);
      return { folder: result.canceled ? null : (result.filePaths[0] ?? null) };
    },
    openExternal: async ({ url }) => {
      if (!(await openExternalSafely(url))) {
        throw new AppError(
          'unsafe-url',
          'Only https links can be opened from the app.',
          'Copy the link and open it yourself if you trust it.',
        );
      }
      return {};
    },
    takeOpenFolderRequests: async () => ({ requests: deps.takeOpenFolderRequests() }),
    openFolder: async (input, ctx) => {
      const result = await base.openFolder(input, ctx);
      app.addRecentDocument(result.folder);
      deps.onFolderOpened?.(result.folder);
      return result;
    },
  };
}
