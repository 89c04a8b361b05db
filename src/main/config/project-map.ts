/**
 * User-level settings kept per project folder (`projectNetworkAllow`, `projectMcpServers`:
 * absolute folder → list of names). They live in the user's own config file, never in a
 * repository's, because a repository must not grant itself hosts or the user's MCP servers.
 * Reads tolerate a broken file (loading the config reports it); writes are read-modify-write
 * under the user file's lock and land only over the version read, so two writers (the app's
 * windows, a claude-run, Settings) never lose each other's edits.
 */
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { withFileLock } from '../app/process-lock';
import { parseLayer } from './layer';
import { userConfigPath, type PlatformEnv } from './paths';
import { readUserConfigText, writeUserConfigText } from './user-config-write';

export type ProjectMapKey = 'projectNetworkAllow' | 'projectMcpServers';

/** The key a folder is stored under: absolute and normalized. */
export function folderKey(folder: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') return path.win32.resolve(folder).replace(/[\\/]+$/, '');
  const resolved = path.posix.resolve(folder);
  return resolved.length > 1 ? resolved.replace(/\/+$/, '') : resolved;
}

/** Case-insensitive where the file system is by default (Windows, macOS). */
export function sameFolder(a: string, b: string, platform: NodeJS.Platform): boolean {
  const ka = folderKey(a, platform);
  const kb = folderKey(b, platform);
  return platform === 'win32' || platform === 'darwin'
    ? ka.toLowerCase() === kb.toLowerCase()
    : ka === kb;
}

/** The folder's list under `key` (every spelling of the folder merged), [] when none. */
export async function readProjectList(
  host: PlatformEnv,
  key: ProjectMapKey,
  folder: string,
): Promise<string[]> {
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
  const map: Record<string, string[]> = parsed.layer?.values[key] ?? {};
  return [
    ...new Set(
      Object.entries(map)
        .filter(([k]) => sameFolder(k, folder, host.platform))
        .flatMap(([, v]) => v),
    ),
  ];
}

/**
 * Replaces the folder's list under `key` with `update(current)`; an empty result removes the
 * folder's entry (and the key when no folder is left). `again` finishes the hint of an error:
 * "fix the file in Settings, then <again>".
 */
export async function updateProjectList(
  host: PlatformEnv,
  key: ProjectMapKey,
  folder: string,
  update: (current: string[]) => string[],
  again: string,
): Promise<void> {
  await withFileLock(`${userConfigPath(host)}.lock`, async () => {
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
          `fix the file in Settings, then ${again}`,
        );
      }
      const value = parsed as Record<string, unknown>;
      const old = value[key];
      const map: Record<string, string[]> =
        typeof old === 'object' && old !== null && !Array.isArray(old)
          ? { ...(old as Record<string, string[]>) }
          : {};
      const keys = Object.keys(map).filter((k) => sameFolder(k, folder, host.platform));
      const before = [...new Set(keys.flatMap((k) => (Array.isArray(map[k]) ? map[k] : [])))];
      const after = [...new Set(update(before))];
      if (after.length === before.length && after.every((v, i) => v === before[i])) return;
      for (const k of keys) delete map[k];
      if (after.length > 0) map[keys[0] ?? folderKey(folder, host.platform)] = after;
      const next: Record<string, unknown> = { ...value, [key]: map };
      if (Object.keys(map).length === 0) delete next[key];
      const text = `${JSON.stringify(next, null, 2)}\n`;
      try {
        const r = await writeUserConfigText(host, { text, expectedSha256: current.sha256 });
        if (!r.ok) {
          throw new AppError(
            'config-invalid',
            `the user config file ${current.file} has problems; nothing was written: ${r.issues
              .map((i) => `${i.path}: ${i.message}`)
              .join('; ')}`,
            `fix the file in Settings, then ${again}`,
          );
        }
        return;
      } catch (e) {
        if (attempt < 4 && e instanceof AppError && e.code === 'config-changed') continue;
        throw e;
      }
    }
  });
}
