import { useEffect } from 'react';
import { api } from './api-context';
import { openFolderPath, runCommand } from './actions';
import { AppShell } from './components/AppShell';
import { installModalFocusTrap } from './components/modal-focus';
import { wireSessions } from './components/sessions/wire';
import { useAppInfo } from './stores/app';
import { useConnection } from './stores/connection';
import { useEngine } from './stores/engine';
import { useFolders } from './stores/folders';
import { wireLayout } from './stores/layout-persist';
import { useSessions } from './stores/sessions';
import { useRelinkReload, useWebShortcuts } from './shortcuts';

/** Loads the shell's state and wires the app's events to it, once the client exists. */
export function App({ connected }: { connected: boolean }) {
  useEffect(() => {
    if (!connected) return;
    const client = api();
    const offs = [
      client.onEngineStatusChanged((status) => useEngine.getState().set(status)),
      client.onUiCommand(({ command }) => runCommand(command)),
      client.onOpenFolderRequest(({ folder }) => void openFolderPath(folder)),
      wireSessions(client),
      // The tabs this window (or, after a restart, the last window) had open come back.
      wireLayout({ window: () => sessionStorage, shared: () => localStorage }),
      installModalFocusTrap(),
    ];
    void useAppInfo
      .getState()
      .load()
      .catch(() => {});
    void useEngine.getState().refresh();
    void useFolders
      .getState()
      .load()
      .catch(() => {});
    // Folders handed to the app before this page listened (a second launch, open-file).
    void client
      .takeOpenFolderRequests({})
      .then(({ requests }) => requests.forEach((r) => void openFolderPath(r.folder)))
      .catch(() => {});
    return () => offs.forEach((off) => off());
  }, [connected]);

  // After a reconnect in web mode, refresh what may have changed meanwhile.
  const state = useConnection((s) => s.state);
  useEffect(() => {
    if (connected && state === 'open') {
      void useEngine.getState().refresh();
      void useFolders
        .getState()
        .load()
        .catch(() => {});
      void useSessions
        .getState()
        .load()
        .catch(() => {});
    }
  }, [connected, state]);

  useWebShortcuts();
  useRelinkReload();
  return <AppShell />;
}
