/**
 * The user's MCP servers per folder as the start panel's checklist shows them (summaries from
 * the main process: names, command or URL, env/header names, never values) and the folder's
 * choice. A change is shown at once and saved for the project (user-level config); a failed
 * save keeps the change for this start and says why.
 */
import { create } from 'zustand';
import type { McpServerList } from '../../../shared/schemas/mcp';
import { api } from '../api-context';

function messageOf(e: unknown): string {
  const m = (e as { message?: unknown } | null)?.message;
  return typeof m === 'string' ? m : 'failed';
}

const without = <T>(rec: Record<string, T>, key: string): Record<string, T> => {
  const next = { ...rec };
  delete next[key];
  return next;
};

interface McpStore {
  lists: Record<string, McpServerList>;
  loadErrors: Record<string, string>;
  saveErrors: Record<string, string>;
  load(folder: string): Promise<void>;
  choose(folder: string, names: string[]): Promise<void>;
}

export const useMcp = create<McpStore>((set, get) => ({
  lists: {},
  loadErrors: {},
  saveErrors: {},
  load: async (folder) => {
    try {
      const list = await api().listMcpServers({ projectDir: folder });
      set((s) => ({
        lists: { ...s.lists, [folder]: list },
        loadErrors: without(s.loadErrors, folder),
      }));
    } catch (e) {
      set((s) => ({ loadErrors: { ...s.loadErrors, [folder]: messageOf(e) } }));
    }
  },
  choose: async (folder, names) => {
    const current = get().lists[folder];
    if (!current) return;
    set((s) => ({ lists: { ...s.lists, [folder]: { ...current, chosen: names } } }));
    try {
      const list = await api().setProjectMcpServers({ projectDir: folder, names });
      // A later click may have changed the choice meanwhile: keep the newest one shown.
      set((s) => ({
        lists: { ...s.lists, [folder]: { ...list, chosen: s.lists[folder]?.chosen ?? names } },
        saveErrors: without(s.saveErrors, folder),
      }));
    } catch (e) {
      set((s) => ({ saveErrors: { ...s.saveErrors, [folder]: messageOf(e) } }));
    }
  },
}));
