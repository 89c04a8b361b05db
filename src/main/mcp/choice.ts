/**
 * Which MCP servers a project's sessions get: the user-level config key `projectMcpServers`
 * (absolute folder → server names), never a repository's file (a repository must not hand
 * itself the user's MCP servers and their tokens; loadConfig refuses the key there, like
 * projectNetworkAllow). No entry: none.
 */
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { parseLayer } from '../config/layer';
import { userConfigPath, type PlatformEnv } from '../config/paths';
import { readUserConfigText, writeUserConfigText } from '../config/user-config-write';
import { withFileLock } from '../app/process-lock';

/** The key a folder is stored under: absolute and normalized (as projectNetworkAllow). */
export function folderKey(folder: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') return path.win32.resolve(folder).replace(/[\\/]+$/, '');
  const resolved = path.posix.resolve(folder);
  return resolved.length > 1 ? resolved.replace(/\/+$/, '') : resolved;
}

function sameFolder(a: string, b: string, platform: NodeJS.Platform): boolean {
  const ka = folderKey(a, platform);
  const kb = folderKey(b, platform);
  // Case-insensitive file systems by default on Windows and macOS.
  return platform === 'win32' || platform === 'darwin'
    ? ka.toLowerCase() === kb.toLowerCase()
    : ka === kb;
}

/**
 * The names chosen for this folder. An unreadable or invalid user file gives none here:
 * loading the config reports it, and a session does not start on a broken config.
 */
export async function chosenMcpServers(host: PlatformEnv, folder: string): Promise<string[]> {
  let text: string | null;
  try {
    text = (await readUserConfigText(host)).text;
  } catch {
    return [];
  }
  if (text === null) return [];
  const parsed = parseLayer(userConfigPath(host), text, {
    projectDir: host.homeDir,
    homeDir: host.homeDir,
  });
  const map = parsed.layer?.values.projectMcpServers ?? {};
  const key = Object.keys(map).find((k) => sameFolder(k, folder, host.platform));
  return key === undefined ? [] : [...new Set(map[key])];
}

/** Replaces the folder's choice in the user-level config (created when missing). */
export async function setChosenMcpServers(
  host: PlatformEnv,
  folder: string,
  names: readonly string[],
): Promise<void> {
  // Two writers (this app's windows, a claude-run) take turns through the same lock as the
  // network's "always allow" answers; a change in between makes the write read again.
  await withFileLock(`${userConfigPath(host)}.lock`, () => writeChoice(host, folder, names));
}

async function writeChoice(
  host: PlatformEnv,
  folder: string,
  names: readonly string[],
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const current = await readUserConfigText(host);
    let parsed: unknown = {};
    if (current.text !== null && current.text.trim() !== '') {
      try {
        parsed = JSON.parse(current.text);
      } catch {
        parsed = null;
      }
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new AppError(
        'config-invalid',
        `the user config file ${current.file} is not a valid JSON object; nothing was written`,
        'fix the file in Settings, then choose the MCP servers again',
      );
    }
    const value = parsed as Record<string, unknown>;
    const old = value.projectMcpServers;
    const map: Record<string, string[]> =
      typeof old === 'object' && old !== null && !Array.isArray(old)
        ? { ...(old as Record<string, string[]>) }
        : {};
    for (const k of Object.keys(map)) if (sameFolder(k, folder, host.platform)) delete map[k];
    const list = [...new Set(names)];
    // An empty choice is the default: the folder's entry goes rather than staying as [].
    if (list.length > 0) map[folderKey(folder, host.platform)] = list;
    const next: Record<string, unknown> = { ...value, projectMcpServers: map };
    if (Object.keys(map).length === 0) delete next.projectMcpServers;
    if (current.text === null && next.projectMcpServers === undefined) return;
    const text = `${JSON.stringify(next, null, 2)}\n`;
    try {
      const r = await writeUserConfigText(host, { text, expectedSha256: current.sha256 });
      if (!r.ok) {
        throw new AppError(
          'config-invalid',
          `the user config file ${current.file} has problems; nothing was written: ${r.issues
            .map((i) => `${i.path}: ${i.message}`)
            .join('; ')}`,
          'fix the file in Settings, then choose the MCP servers again',
        );
      }
      return;
    } catch (e) {
      if (attempt < 4 && e instanceof AppError && e.code === 'config-changed') continue;
      throw e;
    }
  }
}
