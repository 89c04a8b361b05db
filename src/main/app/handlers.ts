import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { Handlers } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { RecentFolders } from './recent-folders';

type AppHandlers = Pick<
  Handlers,
  'pickFolder' | 'openFolder' | 'getRecentFolders' | 'openExternal' | 'takeOpenFolderRequests'
>;

/**
 * The shell's methods as the headless core serves them. The Electron app replaces
 * `pickFolder` (native dialog), `openExternal` (the OS browser) and `takeOpenFolderRequests`;
 * a browser in web mode types the path and opens links itself.
 */
export function appHandlers(options: { dataDir: string; homeDir?: string }): AppHandlers {
  const home = options.homeDir ?? homedir();
  const recent = new RecentFolders(options.dataDir);
  return {
    pickFolder: async () => {
      throw new AppError(
        'unsupported',
        'There is no native folder picker in web mode.',
        'Type the folder path instead.',
      );
    },
    openExternal: async () => {
      throw new AppError(
        'unsupported',
        'Links open in the browser in web mode.',
        'Open the link from the page.',
      );
    },
    openFolder: async ({ folder }) => {
      const abs = await checkFolder(expandFolder(folder, home));
      await recent.add(abs);
      return { folder: abs };
    },
    getRecentFolders: async () => ({ folders: await recent.list() }),
    // Only the desktop app receives folders from outside (second launch, open-file).
    takeOpenFolderRequests: async () => ({ requests: [] }),
  };
}

/**
 * A typed path as a shell would take it: `~` and `~/…` are the home of the user running the
 * app, and a relative path starts there too (a browser has no working directory to start from).
 */
export function expandFolder(typed: string, home: string): string {
  const folder = typed.trim();
  if (folder === '~') return home;
  if (folder.startsWith('~/')) return resolve(home, folder.slice(2));
  if (folder.startsWith('~')) {
    throw new AppError(
      'invalid-folder',
      `"${folder}": only your own home (~) can be named with ~.`,
      'Give the full path, e.g. /home/other/project.',
    );
  }
  return isAbsolute(folder) ? folder : resolve(home, folder);
}

async function checkFolder(folder: string): Promise<string> {
  if (!isAbsolute(folder)) {
    throw new AppError(
      'invalid-folder',
      `"${folder}" is not an absolute path.`,
      'Give the full path, e.g. /home/me/project.',
    );
  }
  const abs = resolve(folder);
  const info = await stat(abs).catch(() => null);
  if (!info) {
    throw new AppError(
      'folder-not-found',
      `The folder ${abs} does not exist.`,
      'Check the path and try again.',
    );
  }
  if (!info.isDirectory()) {
    throw new AppError(
      'invalid-folder',
      `${abs} is a file, not a folder.`,
      'Choose the folder that holds your repository.',
    );
  }
  return abs;
}
