/**
 * Path rules of the config: where the user-level file lives per platform, `~`/`$HOME`
 * expansion, host paths made absolute, container targets kept where they must be.
 */
import path from 'node:path';

export const PROJECT_CONFIG_FILE = 'claude-run.config.json';
export const APP_DIR_NAME = 'claude-code-runner';
export const WORKSPACE = '/workspace';

export interface PlatformEnv {
  env: NodeJS.ProcessEnv;
  homeDir: string;
  platform: NodeJS.Platform;
}

/** The user-level config file in the platform's config dir. */
export function userConfigPath({ env, homeDir, platform }: PlatformEnv): string {
  if (platform === 'win32') {
    const appData = env.APPDATA || path.win32.join(homeDir, 'AppData', 'Roaming');
    return path.win32.join(appData, APP_DIR_NAME, 'config.json');
  }
  if (platform === 'darwin') {
    return path.posix.join(homeDir, 'Library', 'Application Support', APP_DIR_NAME, 'config.json');
  }
  // XDG says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg =
    env.XDG_CONFIG_HOME && path.posix.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : '';
  return path.posix.join(xdg || path.posix.join(homeDir, '.config'), APP_DIR_NAME, 'config.json');
}

/** `~`, `~/x`, `$HOME/x`, `${HOME}/x` → under homeDir. `~user/x` is refused (not portable). */
export function expandHome(value: string, homeDir: string): { value: string } | { error: string } {
  let v = value.replace(/\$\{HOME\}|\$HOME(?![A-Za-z0-9_])/g, () => homeDir);
  if (v === '~') v = homeDir;
  else if (v.startsWith('~/') || v.startsWith('~\\')) v = path.join(homeDir, v.slice(2));
  else if (v.startsWith('~')) {
    return {
      error: 'expected "~/…" (another user\'s "~name" is not supported); use an absolute path',
    };
  }
  return { value: v };
}

/** A host path from the config, expanded and made absolute against `baseDir`. */
export function resolveHostPath(
  value: string,
  baseDir: string,
  homeDir: string,
): { value: string } | { error: string } {
  const expanded = expandHome(value, homeDir);
  if ('error' in expanded) return expanded;
  return { value: path.resolve(baseDir, expanded.value) };
}

/**
 * A container path: absolute ones are normalized; relative ones go under /workspace and may not
 * leave it (`../x`). Nothing may be mounted over /workspace itself or `/`: that would hide the
 * repository or the whole container file system.
 */
export function resolveContainerTarget(value: string): { value: string } | { error: string } {
  if (value.includes('\\')) return { error: 'expected a container path with "/" separators' };
  const absolute = value.startsWith('/');
  const target =
    path.posix.normalize(absolute ? value : `${WORKSPACE}/${value}`).replace(/\/+$/, '') || '/';
  if (!absolute && !target.startsWith(`${WORKSPACE}/`) && target !== WORKSPACE) {
    return {
      error: `expected a relative target that stays inside ${WORKSPACE}, but "${value}" leaves it`,
    };
  }
  if (target === WORKSPACE) {
    return {
      error: `expected a path below ${WORKSPACE}; mounting over ${WORKSPACE} would hide the repository`,
    };
  }
  if (target === '/') return { error: 'expected a container path other than "/"' };
  return { value: target };
}
