/**
 * Sessions as the renderer knows them: the records (from listSessions, then every
 * sessionStatus event), the agent's attention state, and for each start in progress its
 * progress and setup output. Setup output is bounded so a chatty setup command cannot grow the
 * page's memory.
 */
import { create } from 'zustand';
import type {
  SessionInfo,
  SessionLog,
  SessionProgress,
  StoreProblem,
} from '../../../shared/schemas/session';
import type { AttentionState } from '../../../shared/schemas/terminal';
import { api } from '../api-context';
import { type ShownError, toShownError } from './errors';

const MAX_LOG_CHARS = 64 * 1024;

/** What one "Start session" click is doing, keyed by folder (the id comes with the first event). */
export interface StartState {
  folder: string;
  sessionId: string | null;
  busy: boolean;
  progress: SessionProgress | null;
  log: string;
  error: (ShownError & { code: string }) | null;
}

export interface StartOptions {
  name?: string;
  prompt?: string;
}

interface SessionsStore {
  sessions: Record<string, SessionInfo>;
  attention: Record<string, { state: AttentionState; reason: string }>;
  starts: Record<string, StartState>;
  loaded: boolean;
  /** Loads the list; resolves with the store problem the host reported, if any. */
  load(): Promise<StoreProblem | undefined>;
  applyStatus(info: SessionInfo): void;
  applyProgress(p: SessionProgress): void;
  /** Adds to the start screen's output; false when no start of this window shows it. */
  applyLog(l: SessionLog): boolean;
  applyAttention(sessionId: string, state: AttentionState, reason: string): void;
  /** Starts a session for the folder; resolves with it, or null when it failed (see starts). */
  start(folder: string, opts: StartOptions): Promise<SessionInfo | null>;
  clearStart(folder: string): void;
  drop(id: string): void;
}

function startFor(s: SessionsStore, sessionId: string): StartState | undefined {
  return Object.values(s.starts).find((st) => st.sessionId === sessionId);
}

export const useSessions = create<SessionsStore>((set, get) => ({
  sessions: {},
  attention: {},
  starts: {},
  loaded: false,
  load: async () => {
    const { sessions, storeProblem } = await api().listSessions({});
    set({ sessions: Object.fromEntries(sessions.map((s) => [s.id, s])), loaded: true });
    return storeProblem;
  },
  applyStatus: (info) => {
    const known = get().sessions[info.id];
    if (info.status === 'gone') {
      // removeSession also reports 'gone' after deleting the record: ask which one it was.
      api()
        .getSession({ id: info.id })
        .catch(() => get().drop(info.id));
    }
    set((s) => ({ sessions: { ...s.sessions, [info.id]: info } }));
    if (!known && info.status === 'starting') {
      // Link a fresh session to the start the user asked for on that folder.
      const st = get().starts[info.folder];
      if (st && st.busy && !st.sessionId) {
        set((s) => ({ starts: { ...s.starts, [info.folder]: { ...st, sessionId: info.id } } }));
      }
    }
  },
  applyProgress: (p) => {
    const st = startFor(get(), p.sessionId);
    if (!st) return;
    set((s) => ({ starts: { ...s.starts, [st.folder]: { ...st, progress: p } } }));
  },
  applyLog: (l) => {
    const st = startFor(get(), l.sessionId);
    if (!st || !st.busy) return false;
    const log = (st.log + l.text).slice(-MAX_LOG_CHARS);
    set((s) => ({ starts: { ...s.starts, [st.folder]: { ...st, log } } }));
    return true;
  },
  applyAttention: (sessionId, state, reason) =>
    set((s) => ({ attention: { ...s.attention, [sessionId]: { state, reason } } })),
  start: async (folder, opts) => {
    const fresh: StartState = {
      folder,
      sessionId: null,
      busy: true,
      progress: null,
      log: '',
      error: null,
    };
    set((s) => ({ starts: { ...s.starts, [folder]: fresh } }));
    const patch = (p: Partial<StartState>) =>
      set((s) => ({ starts: { ...s.starts, [folder]: { ...s.starts[folder]!, ...p } } }));
    try {
      const info = await api().startSession({
        folder,
        ...(opts.name ? { name: opts.name } : {}),
        ...(opts.prompt ? { prompt: opts.prompt } : {}),
      });
      get().applyStatus(info);
      patch({ busy: false, sessionId: info.id });
      return info;
    } catch (err) {
      const shown = toShownError('The session did not start', err);
      const code = (err as { code?: unknown }).code;
      patch({ busy: false, error: { ...shown, code: typeof code === 'string' ? code : 'error' } });
      return null;
    }
  },
  clearStart: (folder) =>
    set((s) => {
      const starts = { ...s.starts };
      delete starts[folder];
      return { starts };
    }),
  drop: (id) =>
    set((s) => {
      const sessions = { ...s.sessions };
      const attention = { ...s.attention };
      delete sessions[id];
      delete attention[id];
      return { sessions, attention };
    }),
}));

export { STATUS_LABEL, type ShownStatus, shownStatus } from './session-status';
