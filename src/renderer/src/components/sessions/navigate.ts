/** Opening a session's tab, and what the session-related menu commands do. */
import type { SessionInfo } from '../../../../shared/schemas/session';
import { baseName } from '../../actions';
import { useSessions } from '../../stores/sessions';
import { useUi } from '../../stores/ui';

export const sessionTabId = (id: string) => `session:${id}`;

export function sessionTitle(s: SessionInfo): string {
  return `${baseName(s.folder)} · ${s.name}`;
}

/** Shows the session's tab, in place of its folder's start tab when that one is open. */
export function openSession(s: SessionInfo, opts: { fromFolderTab?: boolean } = {}): void {
  const tab = {
    id: sessionTabId(s.id),
    kind: 'session' as const,
    title: sessionTitle(s),
    subject: s.id,
  };
  if (opts.fromFolderTab) useUi.getState().replaceTab(`folder:${s.folder}`, tab);
  else useUi.getState().openTab(tab);
}

/** The session shown in the active tab, if any. */
export function activeSession(): SessionInfo | undefined {
  const { tabs, activeTab } = useUi.getState();
  const tab = tabs.find((t) => t.id === activeTab);
  if (tab?.kind !== 'session') return undefined;
  return useSessions.getState().sessions[tab.subject];
}

/** Per-session view state that outlives the panel (which sub-tab: a terminal or the review). */
export type SessionView = { kind: 'terminal' } | { kind: 'review' };
