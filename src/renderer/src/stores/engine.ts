import { create } from 'zustand';
import type { EngineStatus } from '../../../shared/schemas/engine';
import { api } from '../api-context';
import { describeError } from './errors';

/** The container engine as the status bar shows it; pushed updates replace polled ones. */
interface EngineStore {
  status: EngineStatus | null;
  checking: boolean;
  error: string | null;
  refresh(): Promise<void>;
  set(status: EngineStatus): void;
}

export const useEngine = create<EngineStore>((set) => ({
  status: null,
  checking: false,
  error: null,
  refresh: async () => {
    set({ checking: true });
    try {
      set({ status: await api().getEngineStatus({}), error: null, checking: false });
    } catch (err) {
      set({ error: describeError(err), checking: false });
    }
  },
  set: (status) => set({ status, error: null }),
}));
