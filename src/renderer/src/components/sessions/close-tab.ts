/**
 * What Close Tab closes: the extra shell shown in the active session (like its × button), else
 * the active top-level tab. The agent's terminal is never closed from here (the UI offers no
 * way to close it either); closing a session's tab only hides it, the session keeps running.
 */
import { activeTerminal, useTerminals } from '../../stores/terminals';
import { useUi } from '../../stores/ui';
import { activeSession } from './navigate';
import { toastError } from '../../stores/toasts';
import { useSessionViews } from '../../stores/session-views';

export async function closeActiveTab(): Promise<void> {
  const s = activeSession();
  if (s && s.status === 'running') {
    const showsTerminals =
      (useSessionViews.getState().views[s.id]?.kind ?? 'terminal') === 'terminal';
    const { bySession, active, close } = useTerminals.getState();
    const shown = activeTerminal(bySession[s.id], active[s.id]);
    if (showsTerminals && shown && shown.role !== 'agent') {
      await close(shown.id).catch((e: unknown) => toastError('Cannot close the terminal', e));
      return;
    }
  }
  useUi.getState().closeTab();
}
