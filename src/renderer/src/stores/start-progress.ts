/**
 * Every start in progress as this window hears it, by session id: the latest phase and the
 * setup output since the window started listening. The one place a start's progress is kept:
 * whichever window, web client or CLI asked for the start, every window gets its events; the
 * session's sidebar row and panel show them, and so does the start screen of the window that
 * asked (stores/sessions `starts` holds only what that click is doing: busy, error, trust).
 *
 * A start ends for the UI when the session's status leaves 'starting' (running, failed, gone,
 * removed), except that this window's own start screen holds its start: its output still comes
 * in while the call runs, and stays beside the error after a failure, until the screen lets go
 * (a new start, or the start cleared). A session not listed yet (the page opened mid-start, the
 * list still loading) is kept until it is. Bounded: a few starts at a time, each with a capped
 * log, so a chatty setup command cannot grow the page's memory.
 */
import { create } from 'zustand';
import type { Api } from '../../../shared/contract';
import type { SessionInfo, SessionLog, SessionProgress } from '../../../shared/schemas/session';
import { nextFraction } from '../components/sessions/start-phases';
import { useSessions } from './sessions';

/** How much of a start's setup output the page keeps (the newest part). */
export const MAX_LOG_CHARS = 64 * 1024;

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
  /** Forgets starts whose session is known and no longer starting, unless this window holds them. */
  prune(sessions: Record<string, SessionInfo>): void;
}

/** This window's start screen shows the start: while its call runs, or with its error after. */
function held(sessionId: string, whileBusyOnly: boolean): boolean {
  const st = useSessions.getState().startOf(sessionId);
  return st !== undefined && (st.busy || (!whileBusyOnly && st.error !== null));
}

/** A known session that is not starting has no start to show (a late event changes nothing). */
function ended(sessionId: string): boolean {
  const s = useSessions.getState().sessions[sessionId];
  return s !== undefined && s.status !== 'starting' && !held(sessionId, true);
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
      (id) => sessions[id] && sessions[id].status !== 'starting' && !held(id, false),
    );
    if (gone.length === 0) return;
    const next = { ...byId };
    for (const id of gone) delete next[id];
    set({ byId: next });
  },
}));

// Whatever changes the sessions (a status event, a fresh list after a reconnect) ends starts,
// and so does the start screen letting go of one (cleared, or replaced by a new start).
useSessions.subscribe((s, prev) => {
  if (s.sessions !== prev.sessions || s.starts !== prev.starts)
    useStartProgress.getState().prune(s.sessions);
});

/** Feeds every start's progress and output events into the store. Returns the unsubscriber. */
export function listenForStarts(client: Pick<Api, 'onSessionProgress' | 'onSessionLog'>) {
  const offs = [
    client.onSessionProgress((p) => useStartProgress.getState().applyProgress(p)),
    client.onSessionLog((l) => useStartProgress.getState().applyLog(l)),
  ];
  return () => offs.forEach((off) => off());
}
