/** Which sub-view (terminals or review) each session's tab shows; kept while tabs switch. */
import { create } from 'zustand';

/** Per-session view state that outlives the panel (which sub-tab: a terminal or the review). */
export type SessionView = { kind: 'terminal' } | { kind: 'review' };

interface ViewStore {
  views: Record<string, SessionView>;
  show(sessionId: string, view: SessionView): void;
}

export const useSessionViews = create<ViewStore>((set) => ({
  views: {},
  show: (sessionId, view) => set((s) => ({ views: { ...s.views, [sessionId]: view } })),
}));
