/**
 * "Always allow for this project": the answer goes into the user-level config file, under
 * `projectNetworkAllow` (absolute folder → entries), never into the repository's file (that
 * would put the user's decision into a commit, and a repository must not grant itself hosts).
 * Every later allowlist session of that folder gets the entries (expandPolicy, networkPlan).
 */
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { HostPattern } from '../../../shared/schemas/network-policy';
import { parseLayer } from '../../config/layer';
import { userConfigPath, type PlatformEnv } from '../../config/paths';
import { readUserConfigText, writeUserConfigText } from '../../config/user-config-write';
import { withFileLock } from '../../app/process-lock';

export interface ProjectAllowInput extends PlatformEnv {
  folder: string;
}

/** The key a folder is stored under: absolute, normalized, case-folded where paths are. */
export function folderKey(folder: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') return path.win32.resolve(folder).replace(/[\\/]+$/, '');
  const resolved = path.posix.resolve(folder);
  return resolved.length > 1 ? resolved.replace(/\/+$/, '') : resolved;
}

function sameFolder(a: string, b: string, platform: NodeJS.Platform): boolean {
  const ka = folderKey(a, platform);
  const kb = folderKey(b, platform);
  return platform === 'win32' || platform === 'darwin'
    ? ka.toLowerCase() === kb.toLowerCase()
    : ka === kb;
}

/**
 * The entries the user allowed for this folder. An unreadable or invalid user file gives none
 * here: loading the config reports it, and a session does not start on a broken config.
 */
export async function projectAllowFor(input: ProjectAllowInput): Promise<string[]> {
  let text: string | null;
  try {
    text = (await readUserConfigText(input)).text;
  } catch {
    return [];
  }
  if (text === null) return [];
  const parsed = parseLayer(userConfigPath(input), text, {
    projectDir: input.homeDir,
    homeDir: input.homeDir,
  });
  const map = parsed.layer?.values.projectNetworkAllow ?? {};
  return [
    ...new Set(
      Object.entries(map)
        .filter(([k]) => sameFolder(k, input.folder, input.platform))
        .flatMap(([, v]) => v),
    ),
  ];
}

/** Adds `pattern` for `folder` to the user-level config (created when missing). */
export async function allowForProject(
  input: ProjectAllowInput & { pattern: string },
): Promise<void> {
  const pattern = HostPattern.safeParse(input.pattern);
  if (!pattern.success) {
    throw new AppError(
      'network-bad-pattern',
      `"${input.pattern}" is not a host, *.domain or IP address with an optional :port`,
    );
  }
  // Two answers (this app's windows, a claude-run) take turns through the lock; Settings does
  // not take it, but its write only lands over the version it read, so a change by either side
  // makes the other read again (config-changed) rather than lose an edit.
  await withFileLock(`${userConfigPath(input)}.lock`, () => addEntry(input, pattern.data));
}

async function addEntry(input: ProjectAllowInput, pattern: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const current = await readUserConfigText(input);
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
        'fix the file in Settings, then allow the host again',
      );
    }
    const value = parsed as Record<string, unknown>;
    const map = { ...((value.projectNetworkAllow as Record<string, string[]>) ?? {}) };
    const existing = Object.keys(map).find((k) => sameFolder(k, input.folder, input.platform));
    const key = existing ?? folderKey(input.folder, input.platform);
    const list = Array.isArray(map[key]) ? map[key] : [];
    if (list.includes(pattern)) return;
    map[key] = [...list, pattern];
    const text = `${JSON.stringify({ ...value, projectNetworkAllow: map }, null, 2)}\n`;
    try {
      const r = await writeUserConfigText(input, { text, expectedSha256: current.sha256 });
      if (!r.ok) {
        throw new AppError(
          'config-invalid',
          `the user config file ${current.file} has problems; nothing was written: ${r.issues
            .map((i) => `${i.path}: ${i.message}`)
            .join('; ')}`,
          'fix the file in Settings, then allow the host again',
        );
      }
      return;
    } catch (e) {
      if (attempt < 4 && e instanceof AppError && e.code === 'config-changed') continue;
      throw e;
    }
  }
}
