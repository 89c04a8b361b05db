/** The Settings command: shows the settings of the folder the user is looking at. */
import { useFolders } from '../../stores/folders';
import { useSessions } from '../../stores/sessions';
import { useUi } from '../../stores/ui';

export function settingsFolder(): string | undefined {
  const { tabs, activeTab } = useUi.getState();
  const tab = tabs.find((t) => t.id === activeTab);
  if (tab?.kind === 'folder') return tab.subject;
  if (tab?.kind === 'session') return useSessions.getState().sessions[tab.subject]?.folder;
  return useFolders.getState().recent[0]?.path;
}

export function openSettings(): void {
  const folder = settingsFolder();
  useUi.getState().showDialog({ kind: 'settings', ...(folder ? { folder } : {}) });
}
