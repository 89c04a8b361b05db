import { create } from 'zustand';
import type { RecentFolder } from '../../../shared/schemas/app';
import { api } from '../api-context';

type FolderListener = (folder: string) => void;
const listeners = new Set<FolderListener>();

/**
 * Folders the user opened. Opening one checks it on the host, records it as recent and tells
 * every listener (the sessions panel starts a session for it).
 */
interface FoldersStore {
  recent: RecentFolder[];
  load(): Promise<void>;
  /** Throws the host's AppError (e.g. folder-not-found) for the caller to show. */
  open(folder: string): Promise<string>;
}

export const useFolders = create<FoldersStore>((set) => ({
  recent: [],
  load: async () => {
    const { folders } = await api().getRecentFolders({});
    set({ recent: folders });
  },
  open: async (folder) => {
    const result = await api().openFolder({ folder });
    const { folders } = await api().getRecentFolders({});
    set({ recent: folders });
    for (const listener of listeners) listener(result.folder);
    return result.folder;
  },
}));

/** Subscribe to "the user opened this folder" (from any entry point). */
export function onFolderOpened(listener: FolderListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
