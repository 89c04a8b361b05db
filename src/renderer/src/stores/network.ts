/**
 * The network boundary as the page shows it: each folder's plan (the start panel), each
 * session's network state (policy, gateway, denials) and listening ports (with their forwards),
 * and whether a session's Network panel is open. Reads are on demand: the panel
 * polls while it is shown and reads again when a denial for its session is announced.
 */
import { create } from 'zustand';
import type {
  ForwardedPort,
  ListeningPort,
  NetworkPlan,
  NetworkState,
} from '../../../shared/schemas/network';
import { api } from '../api-context';

function messageOf(e: unknown): string {
  const m = (e as { message?: unknown } | null)?.message;
  return typeof m === 'string' ? m : 'failed';
}

interface NetworkStore {
  plans: Record<string, NetworkPlan>;
  planErrors: Record<string, string>;
  states: Record<string, NetworkState>;
  stateErrors: Record<string, string>;
  ports: Record<string, ListeningPort[]>;
  portErrors: Record<string, string>;
  /** Sessions whose Network panel is shown. */
  open: Record<string, boolean>;
  loadPlan(folder: string): Promise<void>;
  refreshState(sessionId: string): Promise<void>;
  refreshPorts(sessionId: string): Promise<void>;
  allow(sessionId: string, pattern: string, scope: 'session' | 'project'): Promise<void>;
  forward(sessionId: string, port: number): Promise<ForwardedPort>;
  close(sessionId: string, port: number): Promise<void>;
  toggle(sessionId: string, open?: boolean): void;
}

const without = <T>(rec: Record<string, T>, key: string): Record<string, T> => {
  const next = { ...rec };
  delete next[key];
  return next;
};

export const useNetwork = create<NetworkStore>((set) => ({
  plans: {},
  planErrors: {},
  states: {},
  stateErrors: {},
  ports: {},
  portErrors: {},
  open: {},
  loadPlan: async (folder) => {
    try {
      const plan = await api().getNetworkPlan({ folder });
      set((s) => ({
        plans: { ...s.plans, [folder]: plan },
        planErrors: without(s.planErrors, folder),
      }));
    } catch (e) {
      set((s) => ({ planErrors: { ...s.planErrors, [folder]: messageOf(e) } }));
    }
  },
  refreshState: async (sessionId) => {
    try {
      const state = await api().getNetworkState({ sessionId });
      set((s) => ({
        states: { ...s.states, [sessionId]: state },
        stateErrors: without(s.stateErrors, sessionId),
      }));
    } catch (e) {
      set((s) => ({ stateErrors: { ...s.stateErrors, [sessionId]: messageOf(e) } }));
    }
  },
  refreshPorts: async (sessionId) => {
    try {
      const { ports } = await api().listPorts({ sessionId });
      set((s) => ({
        ports: { ...s.ports, [sessionId]: ports },
        portErrors: without(s.portErrors, sessionId),
      }));
    } catch (e) {
      set((s) => ({ portErrors: { ...s.portErrors, [sessionId]: messageOf(e) } }));
    }
  },
  allow: async (sessionId, pattern, scope) => {
    const state = await api().allowHost({ sessionId, pattern, scope });
    set((s) => ({ states: { ...s.states, [sessionId]: state } }));
  },
  forward: async (sessionId, port) => {
    const fwd = await api().forwardPort({ sessionId, port });
    set((s) => ({
      ports: {
        ...s.ports,
        [sessionId]: (s.ports[sessionId] ?? []).map((p) =>
          p.port === port ? { ...p, hostPort: fwd.hostPort } : p,
        ),
      },
    }));
    return fwd;
  },
  close: async (sessionId, port) => {
    const { ports } = await api().closePort({ sessionId, port });
    set((s) => ({ ports: { ...s.ports, [sessionId]: ports } }));
  },
  toggle: (sessionId, open) =>
    set((s) => ({ open: { ...s.open, [sessionId]: open ?? !s.open[sessionId] } })),
}));
