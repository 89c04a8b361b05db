/**
 * Every start in progress as this window hears it, by session id: the latest phase and the
 * setup output since the window started listening. Whichever window, web client or CLI asked
 * for the start, every window gets its events; the session's sidebar row and panel show them
 * (the window that asked also has its own start screen, stores/sessions `starts`).
 *
 * A start ends for the UI when the session's status leaves 'starting' (running, failed, gone,
 * removed). A session not listed yet (the page opened mid-start, the list still loading) is
 * kept until it is. Bounded: a few starts at a time, each with a capped log.
 */
import { create } from 'zustand';
import type { Api } from '../../../shared/contract';
import type { SessionInfo, SessionLog, SessionProgress } from '../../../shared/schemas/session';
import { nextFraction } from '../components/sessions/start-phases';
import { MAX_LOG_CHARS, useSessions } from './sessions';

/** More starts at once than a user runs; the oldest is forgotten first. */
export const MAX_SEEN_STARTS = 16;

export interface SeenStart {
  progress: SessionProgress | null;
  /** How far the start is shown: never goes back (start-phases nextFraction). */
  fraction: number;
  log: string;
}

interface StartProgressStore {
  byId: Record<string, SeenStart>;
  applyProgress(p: SessionProgress): void;
  applyLog(l: SessionLog): void;
  /** Forgets starts whose session is known and no longer starting. */
  prune(sessions: Record<string, SessionInfo>): void;
}

/** A known session that is not starting has no start to show (a late event changes nothing). */
function ended(sessionId: string): boolean {
  const s = useSessions.getState().sessions[sessionId];
  return s !== undefined && s.status !== 'starting';
}

function put(byId: Record<string, SeenStart>, id: string, next: SeenStart) {
  const rest = { ...byId };
  delete rest[id];
  const ids = Object.keys(rest);
  for (const old of ids.slice(0, Math.max(0, ids.length - MAX_SEEN_STARTS + 1))) delete rest[old];
  return { ...rest, [id]: next };
}

export const useStartProgress = create<StartProgressStore>((set, get) => ({
  byId: {},
  applyProgress: (p) => {
    if (ended(p.sessionId)) return;
    const prev = get().byId[p.sessionId];
    const fraction = nextFraction(prev?.fraction, p);
    set({ byId: put(get().byId, p.sessionId, { progress: p, fraction, log: prev?.log ?? '' }) });
  },
  applyLog: (l) => {
    if (ended(l.sessionId)) return;
    const prev = get().byId[l.sessionId];
    const log = ((prev?.log ?? '') + l.text).slice(-MAX_LOG_CHARS);
    const progress = prev?.progress ?? null;
    const fraction = prev?.fraction ?? nextFraction(undefined, null);
    set({ byId: put(get().byId, l.sessionId, { progress, fraction, log }) });
  },
  prune: (sessions) => {
    const byId = get().byId;
    const gone = Object.keys(byId).filter(
      (id) => sessions[id] && sessions[id].status !== 'starting',
    );
    if (gone.length === 0) return;
    const next = { ...byId };
    for (const id of gone) delete next[id];
    set({ byId: next });
  },
}));

// Whatever changes the sessions (a status event, a fresh list after a reconnect) ends starts.
useSessions.subscribe((s, prev) => {
  if (s.sessions !== prev.sessions) useStartProgress.getState().prune(s.sessions);
});

/** Feeds every start's progress and output events into the store. Returns the unsubscriber. */
export function listenForStarts(client: Pick<Api, 'onSessionProgress' | 'onSessionLog'>) {
  const offs = [
    client.onSessionProgress((p) => useStartProgress.getState().applyProgress(p)),
    client.onSessionLog((l) => useStartProgress.getState().applyLog(l)),
  ];
  return () => offs.forEach((off) => off());
}
