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
  /**
   * An import happened: reloads the list and counts the hashes that are new session commits
   * (the first import may also name the base's history; a repeated event counts nothing).
   * Resolves with how many were new.
   */
  imported(sessionId: string, hashes: string[], visible: boolean): Promise<number>;
  seen(sessionId: string): void;
  rewritten(r: BranchRewritten): void;
}

/** Hashes already counted as new, per session (events may repeat after a reconnect). */
const counted: Record<string, Set<string>> = {};

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
  imported: async (sessionId, hashes, visible) => {
    const list = await get().load(sessionId);
    const inSession = new Set(list.commits.map((c) => c.hash));
    const known = (counted[sessionId] ??= new Set());
    const fresh = hashes.filter((h) => inSession.has(h) && !known.has(h));
    fresh.forEach((h) => known.add(h));
    if (!visible && fresh.length > 0)
      set((s) => ({
        unseen: { ...s.unseen, [sessionId]: (s.unseen[sessionId] ?? 0) + fresh.length },
      }));
    return fresh.length;
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
