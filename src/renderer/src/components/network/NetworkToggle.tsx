/** The session header's "Network" button: shows or hides the session's Network panel. */
import './network.css';
import { useNetwork } from '../../stores/network';
import { isAllowed } from './policy-draft';

export function NetworkToggle({ sessionId }: { sessionId: string }) {
  const open = useNetwork((s) => s.open[sessionId] ?? false);
  // Only the denials not answered yet: a host allowed since no longer asks for attention.
  const denied = useNetwork((s) => {
    const st = s.states[sessionId];
    if (!st) return 0;
    const allowed = new Set(st.sessionAllow);
    return st.denied.filter((d) => !isAllowed(d, allowed)).length;
  });
  return (
    <button
      className={`button net-toggle ${open ? 'on' : ''}`}
      aria-pressed={open}
      onClick={() => useNetwork.getState().toggle(sessionId)}
    >
      Network
      {denied > 0 && (
        <span
          className="badge"
          aria-label={`${denied} denied`}
          title={`${denied} denied, not allowed since`}
        >
          {denied}
        </span>
      )}
    </button>
  );
}
