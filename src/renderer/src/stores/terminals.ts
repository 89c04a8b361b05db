/**
 * Which terminals each session has (metadata only: terminal bytes never pass through here,
 * TerminalView writes them straight into xterm) and which one each session shows.
 */
import { create } from 'zustand';
import type { TerminalInfo, TerminalKind } from '../../../shared/schemas/terminal';
import { api } from '../api-context';

interface TerminalsStore {
  bySession: Record<string, TerminalInfo[]>;
  active: Record<string, string>;
  load(sessionId: string): Promise<void>;
  apply(sessionId: string, terminals: TerminalInfo[]): void;
  open(sessionId: string, kind: TerminalKind): Promise<TerminalInfo>;
  close(terminalId: string): Promise<void>;
  activate(sessionId: string, terminalId: string): void;
}

/** The shown terminal: the chosen one while it exists, else the agent's, else the first. */
export function activeTerminal(
  terminals: TerminalInfo[] | undefined,
  chosen: string | undefined,
): TerminalInfo | undefined {
  if (!terminals?.length) return undefined;
  return (
    terminals.find((t) => t.id === chosen) ??
    terminals.find((t) => t.role === 'agent') ??
    terminals[0]
  );
}

export const useTerminals = create<TerminalsStore>((set, get) => ({
  bySession: {},
  active: {},
  load: async (sessionId) => {
    const { terminals } = await api().listTerminals({ sessionId });
    get().apply(sessionId, terminals);
  },
  apply: (sessionId, terminals) =>
    set((s) => ({ bySession: { ...s.bySession, [sessionId]: terminals } })),
  open: async (sessionId, kind) => {
    const info = await api().openTerminal({ sessionId, kind });
    const list = get().bySession[sessionId] ?? [];
    if (!list.some((t) => t.id === info.id)) get().apply(sessionId, [...list, info]);
    get().activate(sessionId, info.id);
    return info;
  },
  close: async (terminalId) => {
    await api().closeTerminal({ terminalId });
    set((s) => {
      const bySession: Record<string, TerminalInfo[]> = {};
      for (const [id, list] of Object.entries(s.bySession))
        bySession[id] = list.filter((t) => t.id !== terminalId);
      return { bySession };
    });
  },
  activate: (sessionId, terminalId) =>
    set((s) => ({ active: { ...s.active, [sessionId]: terminalId } })),
}));
