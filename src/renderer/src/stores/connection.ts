import { create } from 'zustand';
import type { ConnectionState } from '../api/ws-client';

/** How this page reaches the app: Electron IPC (always there) or the WebSocket (may drop). */
interface ConnectionStore {
  mode: 'electron' | 'web';
  state: ConnectionState;
  retryMs: number | undefined;
  /** Why the page could not connect at all (see boot/token.ts). */
  problem: 'no-token' | 'link-used' | 'unreachable' | null;
  set(patch: Partial<Omit<ConnectionStore, 'set'>>): void;
}

export const useConnection = create<ConnectionStore>((set) => ({
  mode: 'web',
  state: 'connecting',
  retryMs: undefined,
  problem: null,
  set: (patch) => set(patch),
}));
