import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write';

/**
 * Small JSON state files (recent folders, window bounds). Written atomically (temp file in the
 * same folder, then rename) so a crash mid-write never leaves a truncated file; read leniently
 * (a missing or corrupt file means "no state yet", never a crash at start-up).
 */
export async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export async function writeJsonFileAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n', { makeDir: true });
}
