/**
 * Finds the shipped docker/ folder (the default image recipe): in a packaged app it is an
 * extra resource under process.resourcesPath; in the dev tree and the built out/ bundles it is
 * at the repository root above this file.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../../shared/errors';

export const DOCKER_DIR_MARKER = 'Dockerfile';

export function dockerDirCandidates(
  opts: { resourcesPath?: string; fromDir?: string; cwd?: string } = {},
): string[] {
  const out: string[] = [];
  const resourcesPath = opts.resourcesPath ?? (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) out.push(join(resourcesPath, 'docker'));
  // Walk up from this module (src/main/image/ or out/main/) to the repository root.
  let dir = resolve(opts.fromDir ?? __dirname);
  for (let i = 0; i < 6; i++) {
    out.push(join(dir, 'docker'));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  out.push(join(opts.cwd ?? process.cwd(), 'docker'));
  return [...new Set(out)];
}

/** The folder holding the default Dockerfile; throws when the installation lacks it. */
export function defaultDockerDir(opts?: {
  resourcesPath?: string;
  fromDir?: string;
  cwd?: string;
}): string {
  const candidates = dockerDirCandidates(opts);
  for (const dir of candidates) {
    if (existsSync(join(dir, DOCKER_DIR_MARKER)) && existsSync(join(dir, 'install-node.py')))
      return dir;
  }
  throw new AppError(
    'image-recipe-missing',
    `the default image recipe (docker/Dockerfile) was not found; looked in ${candidates.join(', ')}`,
    'reinstall the app, or set "dockerfile" in the config to your own Dockerfile',
  );
}
