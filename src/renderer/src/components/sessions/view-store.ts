/** Which sub-view (terminals or review) each session's tab shows; kept while tabs switch. */
import { create } from 'zustand';
import type { SessionView } from './navigate';

interface ViewStore {
  views: Record<string, SessionView>;
  show(sessionId: string, view: SessionView): void;
}

export const useSessionViews = create<ViewStore>((set) => ({
  views: {},
  show: (sessionId, view) => set((s) => ({ views: { ...s.views, [sessionId]: view } })),
}));
