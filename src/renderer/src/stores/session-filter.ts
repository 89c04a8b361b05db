/** The sidebar's session filter (text and status), kept while the app runs. */
import { create } from 'zustand';
import type { ShownStatus } from './session-status';

interface SessionFilterStore {
  query: string;
  status: ShownStatus | null;
  setQuery(query: string): void;
  /** Picking the status already picked clears it. */
  toggleStatus(status: ShownStatus): void;
  clear(): void;
}

export const useSessionFilter = create<SessionFilterStore>((set) => ({
  query: '',
  status: null,
  setQuery: (query) => set({ query }),
  toggleStatus: (status) => set((st) => ({ status: st.status === status ? null : status })),
  clear: () => set({ query: '', status: null }),
}));
