import { shownStatus, useSessions } from '../../stores/sessions';

/** Status bar: how many sessions run, and how many wait for the user (click: the first one). */
export function SessionsStatusItem() {
  const sessions = useSessions((s) => s.sessions);
  const attention = useSessions((s) => s.attention);
  const list = Object.values(sessions);
  if (list.length === 0) return null;
  const running = list.filter((s) => s.status === 'running').length;
  const waiting = list.filter((s) => shownStatus(s, attention[s.id]) === 'waiting').length;
  const failed = list.filter((s) => s.status === 'failed').length;
  const parts = [`${running} running`];
  if (waiting) parts.push(`${waiting} waiting for input`);
  if (failed) parts.push(`${failed} failed`);
  return (
    <span
      className={`status-item sessions-status ${waiting ? 'sessions-waiting' : ''}`}
      data-testid="sessions-status"
    >
      {parts.join(' · ')}
    </span>
  );
}
