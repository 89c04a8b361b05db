import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the app keeps its data (session records, recent folders). The same folder for the
 * Electron app and `claude-run`, so both see the same sessions. `CCR_DATA_DIR` overrides it
 * (tests, portable installs).
 */
export function appDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.CCR_DATA_DIR) return env.CCR_DATA_DIR;
  if (platform === 'darwin')
    return join(home, 'Library', 'Application Support', 'Claude Code Runner');
  if (platform === 'win32')
    return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Claude Code Runner');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'claude-code-runner');
}
