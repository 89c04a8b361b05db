/**
 * Each session's git state for the session list (ahead/behind its base, merged, pushed, pull
 * request). getSessionGitState is a heavy call (git over the branch), so requests are coalesced:
 * every reason to refresh (a row appearing, an import, a push, a PR, a merge) only marks the
 * session dirty; after a quiet moment the dirty ones are fetched a few at a time. Fifty sessions
 * and a burst of events still make at most one call per session per burst.
 */
import { create } from 'zustand';
import type { Api } from '../../../shared/contract';
import type { SessionGitState } from '../../../shared/schemas/merge';
import { api } from '../api-context';
import { useSessions } from './sessions';

/** How long events are gathered before the dirty sessions are fetched. */
export const REFRESH_DELAY_MS = 400;
/** At most this many getSessionGitState calls in flight from this window. */
export const REFRESH_CONCURRENCY = 2;

export interface RefreshQueue {
  /** Marks sessions dirty; they are fetched after the delay (once each, however often marked). */
  mark(ids: Iterable<string>): void;
  /** Stops the timer (tests, teardown). */
  dispose(): void;
}

/**
 * The coalescing scheduler, without the store: `run` is called for each dirty id, at most
 * `concurrency` at once. An id marked again while its call runs is fetched once more afterwards
 * (the state may have changed after the running call read it).
 */
export function createRefreshQueue(
  run: (id: string) => Promise<void>,
  delayMs = REFRESH_DELAY_MS,
  concurrency = REFRESH_CONCURRENCY,
): RefreshQueue {
  const dirty = new Set<string>();
  const running = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const pump = () => {
    for (const id of dirty) {
      if (running.size >= concurrency) return;
      if (running.has(id)) continue;
      dirty.delete(id);
      running.add(id);
      void run(id)
        .catch(() => undefined)
        .finally(() => {
          running.delete(id);
          pump();
        });
    }
  };
  return {
    mark(ids) {
      for (const id of ids) dirty.add(id);
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        pump();
      }, delayMs);
    },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
      dirty.clear();
    },
  };
}

interface GitStateStore {
  byId: Record<string, SessionGitState>;
  /** Why the last read failed (the badges stay as they were, or absent). */
  errors: Record<string, string>;
  /** Asks for a (coalesced) refresh of these sessions. */
  refresh(ids: string | string[]): void;
  /** Sets a state read elsewhere (tests; a dialog that has the fresh state). */
  put(state: SessionGitState): void;
  forget(id: string): void;
}

export const useGitState = create<GitStateStore>((set) => ({
  byId: {},
  errors: {},
  refresh: (ids) => queue.mark(typeof ids === 'string' ? [ids] : ids),
  put: (state) =>
    set((s) => {
      const errors = { ...s.errors };
      delete errors[state.sessionId];
      return { byId: { ...s.byId, [state.sessionId]: state }, errors };
    }),
  forget: (id) =>
    set((s) => {
      const byId = { ...s.byId };
      const errors = { ...s.errors };
      delete byId[id];
      delete errors[id];
      return { byId, errors };
    }),
}));

const queue = createRefreshQueue(async (sessionId) => {
  try {
    useGitState.getState().put(await api().getSessionGitState({ sessionId }));
  } catch (e) {
    const message = (e as { message?: unknown }).message;
    useGitState.setState((s) => ({
      errors: { ...s.errors, [sessionId]: typeof message === 'string' ? message : 'failed' },
    }));
  }
});

/**
 * The events that change what the badges say. A merge moves the target branch, so every
 * session of that folder (same repository, maybe the same base) is read again, coalesced.
 */
export function wireGitState(client: Api): () => void {
  const refresh = (id: string) => useGitState.getState().refresh(id);
  const offs = [
    client.onCommitImported((c) => refresh(c.sessionId)),
    client.onBranchRewritten((r) => r.accepted && refresh(r.sessionId)),
    client.onPushed((p) => refresh(p.sessionId)),
    client.onPrCreated((p) => refresh(p.sessionId)),
    client.onSessionMerged((m) => {
      const all = useSessions.getState().sessions;
      const folder = all[m.sessionId]?.folder;
      const known = useGitState.getState().byId;
      useGitState.getState().refresh([
        m.sessionId,
        ...Object.values(all)
          .filter((s) => s.folder === folder && known[s.id])
          .map((s) => s.id),
      ]);
    }),
  ];
  return () => {
    offs.forEach((off) => off());
    queue.dispose();
  };
}
