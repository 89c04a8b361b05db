/**
 * Review comments per session, as the diff, the pending panel and the send dialog need them:
 * loaded with getReview and kept current by the reviewChanged event, so a second window (or
 * the CLI) sees every change. Also the review's small shared UI state: which line the comment
 * editor is open on, and where "jump to comment" / "changed since" asked the review to go.
 */
import { create } from 'zustand';
import type { Api } from '../../../shared/contract';
import type {
  DiffSide,
  ReviewAnchor,
  ReviewComment,
  ReviewState,
} from '../../../shared/schemas/review';
import { api } from '../api-context';

/** Where the inline editor is open: a new comment on an anchor, or an existing draft. */
export type EditorTarget =
  { kind: 'new'; anchor: ReviewAnchor; quote?: string[] } | { kind: 'edit'; id: string };

/** A request to show a place in the review: select `commit`'s diff, open `path`, scroll to the line. */
export interface ReviewJump {
  sessionId: string;
  /** The commit whose diff to show; null: the whole session. */
  commit: string | null;
  /** The view's base when it was a range (or the whole session); absent: the one commit. */
  from?: string | null;
  path?: string;
  side?: DiffSide;
  line?: number;
  commentId?: string;
  /** Changes on every request, so asking twice for the same place scrolls again. */
  nonce: number;
}

/** Lines picked in one file's diff (shown highlighted until the editor closes). */
export interface LineSelection {
  /** The view (its `to` and the file path) the lines belong to. */
  scope: string;
  side: DiffSide;
  start: number;
  end: number;
}

interface ReviewStore {
  states: Record<string, ReviewState>;
  editor: Record<string, EditorTarget | null>;
  selection: Record<string, LineSelection | null>;
  jump: ReviewJump | null;
  load(sessionId: string): Promise<ReviewState>;
  /** A reviewChanged event (or a method's answer): the newest state wins. */
  apply(state: ReviewState): void;
  /** Applies one comment the server returned (add/update) without waiting for the event. */
  applyComment(c: ReviewComment): void;
  /** Opens (or, with null, closes) the session's one editor; closing clears the selection. */
  openEditor(sessionId: string, target: EditorTarget | null): void;
  select(sessionId: string, sel: LineSelection | null): void;
  requestJump(j: Omit<ReviewJump, 'nonce'>): void;
}

let nonce = 0;

export const useReview = create<ReviewStore>((set) => ({
  states: {},
  editor: {},
  selection: {},
  jump: null,
  load: async (sessionId) => {
    const state = await api().getReview({ sessionId });
    set((s) => ({ states: { ...s.states, [sessionId]: state } }));
    return state;
  },
  apply: (state) => set((s) => ({ states: { ...s.states, [state.sessionId]: state } })),
  applyComment: (c) =>
    set((s) => {
      const cur = s.states[c.sessionId] ?? { sessionId: c.sessionId, comments: [], queued: null };
      const at = cur.comments.findIndex((x) => x.id === c.id);
      const comments =
        at < 0 ? [...cur.comments, c] : cur.comments.map((x, i) => (i === at ? c : x));
      return { states: { ...s.states, [c.sessionId]: { ...cur, comments } } };
    }),
  openEditor: (sessionId, target) =>
    set((s) => ({
      editor: { ...s.editor, [sessionId]: target },
      ...(target ? {} : { selection: { ...s.selection, [sessionId]: null } }),
    })),
  select: (sessionId, sel) => set((s) => ({ selection: { ...s.selection, [sessionId]: sel } })),
  requestJump: (j) => set({ jump: { ...j, nonce: ++nonce } }),
}));

/** Subscribes the store to the contract's event; returns the unsubscribe. */
export function wireReview(client: Api): () => void {
  return client.onReviewChanged((state) => useReview.getState().apply(state));
}

const EMPTY: ReviewComment[] = [];

/** A session's comments (a stable empty array when none, so selectors do not re-render). */
export function useSessionComments(sessionId: string): ReviewComment[] {
  return useReview((s) => s.states[sessionId]?.comments ?? EMPTY);
}

export async function addComment(
  sessionId: string,
  anchor: ReviewAnchor,
  body: string,
): Promise<ReviewComment> {
  const c = await api().addReviewComment({ sessionId, anchor, body });
  useReview.getState().applyComment(c);
  return c;
}

export async function updateComment(sessionId: string, id: string, body: string): Promise<void> {
  useReview.getState().applyComment(await api().updateReviewComment({ sessionId, id, body }));
}

export async function deleteComment(sessionId: string, id: string): Promise<void> {
  useReview.getState().apply(await api().deleteReviewComment({ sessionId, id }));
}

export async function cancelQueued(sessionId: string): Promise<void> {
  useReview.getState().apply(await api().cancelQueuedReview({ sessionId }));
}
