import type { Tab } from '../stores/ui';

/** An opened folder. The sessions domain replaces this with the session view. */
export function FolderPanel({ tab }: { tab: Tab }) {
  return (
    <div className="folder-panel">
      <h1 className="panel-title">{tab.title}</h1>
      <p className="mono muted">{tab.subject}</p>
      <p className="muted">
        A session for this folder will appear here: its terminal, commits and review.
      </p>
    </div>
  );
}
