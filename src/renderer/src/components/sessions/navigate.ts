/** Opening a session's tab, and what the session-related menu commands do. */
import type { SessionInfo } from '../../../../shared/schemas/session';
import { useSessions } from '../../stores/sessions';
import { folderTabId, sessionTab } from '../../stores/tabs';
import { useUi } from '../../stores/ui';

export { sessionTabId, sessionTitle } from '../../stores/tabs';
export type { SessionView } from '../../stores/session-views';

/** Shows the session's tab, in place of its folder's start tab when that one is open. */
export function openSession(s: SessionInfo, opts: { fromFolderTab?: boolean } = {}): void {
  const tab = sessionTab(s);
  if (opts.fromFolderTab) useUi.getState().replaceTab(folderTabId(s.folder), tab);
  else useUi.getState().openTab(tab);
}

/** The session shown in the active tab, if any. */
export function activeSession(): SessionInfo | undefined {
  const { tabs, activeTab } = useUi.getState();
  const tab = tabs.find((t) => t.id === activeTab);
  if (tab?.kind !== 'session') return undefined;
  return useSessions.getState().sessions[tab.subject];
}
