import { baseName, openFolderPath, startOpenFolder } from '../actions';
import { useFolders } from '../stores/folders';
import { SessionList } from './SessionList';
import '../styles/sidebar.css';

export function Sidebar() {
  const recent = useFolders((s) => s.recent);
  return (
    <aside className="sidebar" aria-label="Sessions">
      <div className="sidebar-header">
        <span className="brand-mark" aria-hidden="true">
          ❯_
        </span>
        <span className="brand-name">Claude Code Runner</span>
      </div>
      <button className="button primary sidebar-open" onClick={() => void startOpenFolder()}>
        Open folder…
      </button>
      <section className="sidebar-section">
        <h2 className="sidebar-title">Sessions</h2>
        <SessionList />
      </section>
      <section className="sidebar-section">
        <h2 className="sidebar-title">Recent folders</h2>
        {recent.length === 0 ? (
          <p className="sidebar-empty">Folders you open show up here.</p>
        ) : (
          <ul className="recent-list">
            {recent.map((f) => (
              <li key={f.path}>
                <button
                  className="recent-item"
                  title={f.path}
                  onClick={() => void openFolderPath(f.path)}
                >
                  <span className="recent-name">{baseName(f.path)}</span>
                  <span className="recent-path">{f.path}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  );
}
