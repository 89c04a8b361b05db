import { create } from 'zustand';
import type { ShownError } from './errors';

/** A tab in the main area. Domains add kinds (session, terminal, review) as they arrive. */
export interface Tab {
  id: string;
  /** 'folder': start a session there; 'session': a session's terminals and review. */
  kind: 'folder' | 'session';
  title: string;
  /** What the tab shows: the folder path, or the session id. */
  subject: string;
}

export type Dialog =
  | { kind: 'open-folder' }
  | { kind: 'error'; error: ShownError }
  | { kind: 'notice'; title: string; message: string }
  /** Read-only view of a folder's effective config, engine and credentials. */
  | { kind: 'settings'; folder?: string };

interface UiStore {
  tabs: Tab[];
  activeTab: string | null;
  dialog: Dialog | null;
  openTab(tab: Tab): void;
  /** Puts `tab` where the tab `id` was (a folder's start tab becomes its session's tab). */
  replaceTab(id: string, tab: Tab): void;
  closeTab(id?: string): void;
  activate(id: string): void;
  showDialog(dialog: Dialog): void;
  closeDialog(): void;
}

export const useUi = create<UiStore>((set, get) => ({
  tabs: [],
  activeTab: null,
  dialog: null,
  openTab: (tab) => {
    const exists = get().tabs.some((t) => t.id === tab.id);
    set({ tabs: exists ? get().tabs : [...get().tabs, tab], activeTab: tab.id });
  },
  replaceTab: (id, tab) => {
    const tabs = get().tabs.filter((t) => t.id !== tab.id);
    const at = tabs.findIndex((t) => t.id === id);
    if (at < 0) tabs.push(tab);
    else tabs[at] = tab;
    // Only take the focus from the replaced tab: a user who looks elsewhere stays there.
    const active = get().activeTab;
    set({ tabs, activeTab: at < 0 || active === id ? tab.id : active });
  },
  closeTab: (id) => {
    const target = id ?? get().activeTab;
    if (!target) return;
    const tabs = get().tabs.filter((t) => t.id !== target);
    const activeTab = get().activeTab === target ? (tabs.at(-1)?.id ?? null) : get().activeTab;
    set({ tabs, activeTab });
  },
  activate: (id) => set({ activeTab: id }),
  showDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
}));
