import { baseName, openFolderPath, startOpenFolder } from '../actions';
import { useFolders } from '../stores/folders';

export function Welcome() {
  const recent = useFolders((s) => s.recent).slice(0, 5);
  const key = navigator.platform.startsWith('Mac') ? '⌘' : 'Ctrl+';
  return (
    <div className="welcome">
      <h1 className="welcome-title">Run an agent on your code, safely.</h1>
      <p className="welcome-lead">
        Each session runs Claude Code (or another CLI agent) in its own hardened container, on its
        own branch. You watch the terminal and review every commit before anything leaves your
        machine.
      </p>
      <div className="welcome-actions">
        <button className="button primary large" onClick={() => void startOpenFolder()}>
          Open folder…
        </button>
        <span className="kbd-hint">{key}O</span>
      </div>
      {recent.length > 0 && (
        <div className="welcome-recent">
          <h2 className="section-title">Recent</h2>
          <ul>
            {recent.map((f) => (
              <li key={f.path}>
                <button className="link" onClick={() => void openFolderPath(f.path)}>
                  {baseName(f.path)}
                </button>
                <span className="mono muted"> {f.path}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
