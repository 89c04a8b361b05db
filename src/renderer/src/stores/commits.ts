/**
 * Commits per session as the sidebar and the review need them: the list (loaded on demand,
 * refreshed on every import), how many arrived since the user last looked, and a pending
 * branch rewrite waiting for the user's decision.
 */
import { create } from 'zustand';
import type { BranchRewritten, CommitList } from '../../../shared/schemas/commits';
import { api } from '../api-context';

interface CommitsStore {
  lists: Record<string, CommitList>;
  /** Commits imported since the user last opened the session's review. */
  unseen: Record<string, number>;
  rewrites: Record<string, BranchRewritten>;
  load(sessionId: string): Promise<CommitList>;
  imported(sessionId: string, count: number): void;
  seen(sessionId: string): void;
  rewritten(r: BranchRewritten): void;
}

export const useCommits = create<CommitsStore>((set, get) => ({
  lists: {},
  unseen: {},
  rewrites: {},
  load: async (sessionId) => {
    const list = await api().listCommits({ sessionId });
    set((s) => {
      const rewrites = { ...s.rewrites };
      if (list.pendingRewrite && !list.pendingRewrite.accepted)
        rewrites[sessionId] = list.pendingRewrite;
      else delete rewrites[sessionId];
      return { lists: { ...s.lists, [sessionId]: list }, rewrites };
    });
    return list;
  },
  imported: (sessionId, count) => {
    set((s) => ({ unseen: { ...s.unseen, [sessionId]: (s.unseen[sessionId] ?? 0) + count } }));
    if (get().lists[sessionId])
      void get()
        .load(sessionId)
        .catch(() => undefined);
  },
  seen: (sessionId) => set((s) => ({ unseen: { ...s.unseen, [sessionId]: 0 } })),
  rewritten: (r) =>
    set((s) => {
      const rewrites = { ...s.rewrites };
      if (r.accepted) delete rewrites[r.sessionId];
      else rewrites[r.sessionId] = r;
      return { rewrites };
    }),
}));
