import { create } from 'zustand';
import { api } from '../api-context';

interface AppStore {
  version: string | null;
  load(): Promise<void>;
}

export const useAppInfo = create<AppStore>((set) => ({
  version: null,
  load: async () => {
    const info = await api().getAppInfo({});
    set({ version: info.version });
  },
}));
