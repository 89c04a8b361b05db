/**
 * The app's core (createCore) for a test, kept off the machine it runs on: its own temp home
 * (user config, credentials, trusted projects) and data dir, and an environment with only PATH
 * and that HOME unless the test passes one (so no engine, token or config of the user's is
 * found by accident). dispose() stops the core and removes both.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Core, type CoreOptions, createCore } from '../../src/main/core';

export interface TempCore {
  core: Core;
  /** The temp dir holding both (free for the test's own files, e.g. a renderer dir). */
  dir: string;
  dataDir: string;
  homeDir: string;
  dispose(): Promise<void>;
}

export async function tempCore(
  options: Pick<CoreOptions, 'mode' | 'version'> &
    Omit<Partial<CoreOptions>, 'dataDir' | 'homeDir'>,
  prefix = 'ccr-core-',
): Promise<TempCore> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const dataDir = join(dir, 'data');
  const homeDir = join(dir, 'home');
  await mkdir(homeDir);
  const env = { PATH: process.env.PATH, HOME: homeDir };
  let core: Core;
  try {
    core = await createCore({ env, ...options, dataDir, homeDir });
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  let disposed: Promise<void> | undefined;
  return {
    core,
    dir,
    dataDir,
    homeDir,
    dispose: () =>
      (disposed ??= core.dispose().finally(() => rm(dir, { recursive: true, force: true }))),
  };
}
