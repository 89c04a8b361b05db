/**
 * Moving a branch's objects out of a container: the kit's commit-bundle script writes a git
 * bundle to the stdout of a non-TTY exec (engine API, argument array), which is streamed into
 * a private temp file on the host. Nothing is interpolated and nothing of the container's
 * .git is ever run by the host: the host only reads the bundle file with its own git.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { AppError } from '../../shared/errors';
import type { Engine } from '../engine/types';
import { commitBundle } from '../kit/commit-watch';

/** A session's branch is bigger than this → something is wrong (or it is a media dump). */
export const MAX_BUNDLE_BYTES = 4 * 1024 * 1024 * 1024;

export interface BundleSource {
  engine: Engine;
  containerId: string;
  /** Exec user ("" = the image default). */
  user: string;
  workdir: string;
  branch: string;
}

export interface BundleFile {
  path: string;
  bytes: number;
  dispose(): Promise<void>;
}

/** Streams `commit-bundle <workdir> <branch> <have...>` into a 0600 file in a 0700 temp dir. */
export async function bundleFromContainer(src: BundleSource, have: string[]): Promise<BundleFile> {
  const dir = await mkdtemp(join(tmpdir(), 'ccr-bundle-'));
  const path = join(dir, 'branch.bundle');
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const exec = await src.engine.execStream(src.containerId, {
      cmd: [commitBundle.path, src.workdir, src.branch, ...have],
      ...(src.user ? { user: src.user } : {}),
      workdir: src.workdir,
      tty: false,
      stdin: false,
    });
    let bytes = 0;
    let errText = '';
    exec.stderr.on('data', (c: Buffer) => {
      if (errText.length < 4000) errText += c.toString('utf8');
    });
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        if (bytes > MAX_BUNDLE_BYTES)
          cb(new AppError('bundle-too-large', 'the session branch is larger than 4 GiB'));
        else cb(null, chunk);
      },
    });
    try {
      await pipeline(exec.stdout, counter, createWriteStream(path, { mode: 0o600 }));
    } catch (e) {
      exec.close();
      throw e;
    }
    const code = await exec.wait();
    if (code !== 0) {
      throw new AppError(
        'bundle-failed',
        `could not pack the session branch in the container (exit ${code}): ${sanitizeLine(errText)}`,
        code === 127
          ? 'The container lacks the runner kit (/opt/ccr/bin); restart the session.'
          : undefined,
      );
    }
    if (bytes === 0) throw new AppError('bundle-failed', 'the container sent an empty bundle');
    return { path, bytes, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/** Container text shown in an error: one line, printable, bounded. */
export function sanitizeLine(text: string): string {
  return text
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, 300);
}

/** The same bundle, asked of the running watcher (see commit-watch's `bundle` command). */
export async function bundleViaWatcher(
  watcher: { requestBundle(have: string[], dest: string, maxBytes: number): Promise<number> },
  have: string[],
): Promise<BundleFile> {
  const dir = await mkdtemp(join(tmpdir(), 'ccr-bundle-'));
  const path = join(dir, 'branch.bundle');
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const bytes = await watcher.requestBundle(have, path, MAX_BUNDLE_BYTES);
    return { path, bytes, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}
