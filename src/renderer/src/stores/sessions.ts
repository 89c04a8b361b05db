/**
 * Sessions as the renderer knows them: the records (from listSessions, then every
 * sessionStatus event), the agent's attention state, and the starts this window asked for (by
 * folder: busy, the error, the trust question). A start's phase and setup output are kept once,
 * by session id, in stores/start-progress, whichever window asked. A start refused because the
 * repository's config file is not trusted waits, with what the file asks for, for the user's
 * answer (trust it, start without it, or cancel).
 */
import { create } from 'zustand';
import type { SessionInfo, StoreProblem } from '../../../shared/schemas/session';
import type { UntrustedConfig } from '../../../shared/schemas/config';
import type { AttentionState } from '../../../shared/schemas/terminal';
import type { NetworkPolicy } from '../../../shared/schemas/network-policy';
import { type ErrorCode, isAppError } from '../../../shared/errors';
import { api } from '../api-context';
import { type ShownError, toShownError } from './errors';

/**
 * What one "Start session" click is doing, keyed by folder (the id comes with the session's first
 * status). Its phase and output: stores/start-progress under sessionId.
 */
export interface StartState {
  folder: string;
  sessionId: string | null;
  busy: boolean;
  error: (ShownError & { code: ErrorCode }) | null;
  /** The project file's settings waiting for the user's answer (the trust dialog shows them). */
  untrusted: UntrustedConfig | null;
  /** What this start asked for: asked again with the user's answer. */
  opts: StartOptions;
}

export interface StartOptions {
  name?: string;
  prompt?: string;
  /** The answer about the project config file: its exact content trusted, or its settings left out. */
  projectConfig?: 'ignore' | { trust: string };
  /** The network policy chosen in the start panel; absent: the configs' or the detected one. */
  network?: NetworkPolicy;
  /** The MCP checklist's servers; absent: the project's saved choice. */
  mcpServers?: string[];
}

export type TrustAnswer = 'trust' | 'ignore' | 'cancel';

interface SessionsStore {
  sessions: Record<string, SessionInfo>;
  attention: Record<string, { state: AttentionState; reason: string }>;
  starts: Record<string, StartState>;
  loaded: boolean;
  /** Loads the list; resolves with the store problem the host reported, if any. */
  load(): Promise<StoreProblem | undefined>;
  applyStatus(info: SessionInfo): void;
  /** The start of this window that the session belongs to, if any. */
  startOf(sessionId: string): StartState | undefined;
  applyAttention(sessionId: string, state: AttentionState, reason: string): void;
  /** Starts a session for the folder; resolves with it, or null when it failed (see starts). */
  start(folder: string, opts: StartOptions): Promise<SessionInfo | null>;
  /**
   * Answers the trust question of the folder's start: starts again trusting the sha256 that was
   * shown, or without the file's settings; 'cancel' drops the start. Resolves like start.
   */
  answerTrust(folder: string, answer: TrustAnswer): Promise<SessionInfo | null>;
  clearStart(folder: string): void;
  drop(id: string): void;
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
  startOf: (sessionId) => Object.values(get().starts).find((st) => st.sessionId === sessionId),
  applyAttention: (sessionId, state, reason) =>
    set((s) => ({ attention: { ...s.attention, [sessionId]: { state, reason } } })),
  start: async (folder, opts) => {
    const fresh: StartState = {
      folder,
      sessionId: null,
      busy: true,
      error: null,
      untrusted: null,
      opts,
    };
    set((s) => ({ starts: { ...s.starts, [folder]: fresh } }));
    const patch = (p: Partial<StartState>) =>
      set((s) => ({ starts: { ...s.starts, [folder]: { ...s.starts[folder]!, ...p } } }));
    try {
      const info = await api().startSession({
        folder,
        ...(opts.name ? { name: opts.name } : {}),
        ...(opts.prompt ? { prompt: opts.prompt } : {}),
        ...(opts.projectConfig ? { projectConfig: opts.projectConfig } : {}),
        ...(opts.network ? { network: opts.network } : {}),
        ...(opts.mcpServers ? { mcpServers: opts.mcpServers } : {}),
      });
      get().applyStatus(info);
      patch({ busy: false, sessionId: info.id });
      return info;
    } catch (err) {
      const code = isAppError(err) ? err.code : 'internal';
      if (code === 'config-untrusted') {
        // Ask what the file wants now (also when it changed after it was shown). Should it be
        // trusted or gone by then, the start's own error below says what happened.
        const untrusted = await api()
          .checkProjectConfig({ folder })
          .then(
            (r) => r.untrusted,
            () => null,
          );
        if (untrusted) {
          patch({ busy: false, untrusted });
          return null;
        }
      }
      const shown = toShownError('The session did not start', err);
      patch({ busy: false, error: { ...shown, code } });
      return null;
    }
  },
  answerTrust: async (folder, answer) => {
    const st = get().starts[folder];
    if (!st?.untrusted) return null;
    if (answer === 'cancel') {
      get().clearStart(folder);
      return null;
    }
    const projectConfig = answer === 'trust' ? { trust: st.untrusted.sha256 } : ('ignore' as const);
    return get().start(folder, { ...st.opts, projectConfig });
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
