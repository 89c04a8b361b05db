/**
 * The repository's root and the built app (out/): tests of the bundles (unit/electron) and the
 * e2e harness build it when it is older than the sources.
 */
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(__dirname, '../..');

async function newest(dir: string): Promise<number> {
  let max = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    max = Math.max(max, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return max;
}

/**
 * Builds the app unless its bundles are newer than every source file and the build config.
 */
export async function ensureBuilt(): Promise<void> {
  const builtAt = async (file: string) =>
    stat(join(ROOT, file)).then(
      (s) => s.mtimeMs,
      () => 0,
    );
  const built = Math.min(
    await builtAt('out/renderer/index.html'),
    await builtAt('out/preload/index.cjs'),
    await builtAt('out/main/index.js'),
  );
  const sources = Math.max(
    await newest(join(ROOT, 'src')),
    await builtAt('electron.vite.config.ts'),
  );
  if (built > sources) return;
  await promisify(execFile)(join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], {
    cwd: ROOT,
    timeout: 300_000,
  });
}
