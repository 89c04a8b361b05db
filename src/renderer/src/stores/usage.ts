/**
 * Token usage as the page shows it: each session's figures (from getUsage, then live from
 * usageChanged) and today's total over every session. Today's total is added up here from the
 * sessions' per-day figures, for the day the main process named (its local day), so one event
 * moves both the session's figure and the status bar.
 */
import { create } from 'zustand';
import type { Api } from '../../../shared/contract';
import type { SessionUsage, TokenCounts, UsageReport } from '../../../shared/schemas/usage';
import { api } from '../api-context';

const ZERO: TokenCounts = { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 };

export type UsageToday = UsageReport['today'];

interface UsageStore {
  bySession: Record<string, SessionUsage>;
  today: UsageToday | null;
  load(): Promise<void>;
  apply(usage: SessionUsage): void;
}

/** The day's total over the sessions' per-day figures. */
export function todayOf(sessions: SessionUsage[], day: string): UsageToday {
  let tokens = ZERO;
  let costUsd = 0;
  for (const s of sessions) {
    const d = s.byDay.find((x) => x.day === day);
    if (!d) continue;
    tokens = {
      input: tokens.input + d.tokens.input,
      output: tokens.output + d.tokens.output,
      cacheCreation: tokens.cacheCreation + d.tokens.cacheCreation,
      cacheRead: tokens.cacheRead + d.tokens.cacheRead,
    };
    costUsd += d.costUsd;
  }
  return { day, tokens, costUsd: Math.round(costUsd * 1e6) / 1e6 };
}

export const useUsage = create<UsageStore>((set, get) => ({
  bySession: {},
  today: null,
  load: async () => {
    const report = await api().getUsage({});
    set({
      bySession: Object.fromEntries(report.sessions.map((u) => [u.sessionId, u])),
      today: report.today,
    });
  },
  apply: (usage) => {
    const bySession = { ...get().bySession, [usage.sessionId]: usage };
    const day = get().today?.day;
    set({ bySession, ...(day ? { today: todayOf(Object.values(bySession), day) } : {}) });
  },
}));

/** Loads the figures and follows the event; returns the unsubscriber. */
export function wireUsage(client: Api): () => void {
  const off = client.onUsageChanged((u) => useUsage.getState().apply(u));
  void useUsage
    .getState()
    .load()
    .catch(() => undefined);
  return off;
}

/** A session's figures, or undefined before any were seen. */
export function useSessionUsage(sessionId: string): SessionUsage | undefined {
  return useUsage((s) => s.bySession[sessionId]);
}
