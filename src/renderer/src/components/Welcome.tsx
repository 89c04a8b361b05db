import { baseName, openFolderPath, startOpenFolder } from '../actions';
import type { UiCommandName } from '../../../shared/schemas/app';
import { shortcutLabel } from '../shortcuts';
import { useConnection } from '../stores/connection';
import { useFolders } from '../stores/folders';
import { EngineMissing } from './EngineMissing';

const KEYS: [UiCommandName, string][] = [
  ['newSession', 'New session'],
  ['newTerminal', 'New terminal'],
  ['reviewChanges', 'Review changes'],
  ['closeTab', 'Close tab'],
  ['findInTerminal', 'Find in terminal'],
  ['settings', 'Settings'],
];

export function Welcome() {
  const recent = useFolders((s) => s.recent).slice(0, 5);
  const mode = useConnection((s) => s.mode);
  return (
    <div className="welcome">
      <h1 className="welcome-title">Run an agent on your code, safely.</h1>
      <p className="welcome-lead">
        Each session runs Claude Code (or another CLI agent) in its own hardened container, on its
        own branch. You watch the terminal and review every commit before anything leaves your
        machine.
      </p>
      <EngineMissing />
      <div className="welcome-actions">
        <button className="button primary large" onClick={() => void startOpenFolder()}>
          Open folder…
        </button>
        <span className="kbd-hint">{shortcutLabel('openFolder', mode)}</span>
      </div>
      <ul className="welcome-keys" aria-label="Keyboard shortcuts">
        {KEYS.map(([command, label]) => (
          <li key={command}>
            <span className="kbd-hint">{shortcutLabel(command, mode)}</span> {label}
          </li>
        ))}
      </ul>
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
