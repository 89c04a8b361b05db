/**
 * The sessions in the sidebar. A placeholder until the sessions domain reaches the renderer:
 * it will list sessions from its store here, with status and attention badges.
 */
export function SessionList() {
  return <p className="sidebar-empty">No sessions yet. Open a folder to start one.</p>;
}
