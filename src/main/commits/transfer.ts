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
import { idleTimer, stderrReason } from '../git/host-git';
import { commitBundle } from '../kit/commit-watch';
import { BUNDLE_STALL_MS } from './watcher';

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
export async function bundleFromContainer(
  src: BundleSource,
  have: string[],
  stallMs = BUNDLE_STALL_MS,
): Promise<BundleFile> {
  const dir = await mkdtemp(join(tmpdir(), 'ccr-bundle-'));
  const path = join(dir, 'branch.bundle');
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const exec = await src.engine.execStream(src.containerId, {
      cmd: [commitBundle.path, src.workdir, src.branch, ...have],
      // git's progress on stderr: a long bundle is seen to be moving (see BUNDLE_STALL_MS).
      env: { CCR_BUNDLE_PROGRESS: '1' },
      ...(src.user ? { user: src.user } : {}),
      workdir: src.workdir,
      tty: false,
      stdin: false,
    });
    let bytes = 0;
    let errText = '';
    let stalled = false;
    const idle = idleTimer(stallMs, () => {
      stalled = true;
      exec.close();
    });
    exec.stderr.on('data', (c: Buffer) => {
      idle.touch();
      errText = (errText + c.toString('utf8')).slice(-4000);
    });
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        idle.touch();
        bytes += chunk.length;
        if (bytes > MAX_BUNDLE_BYTES)
          cb(new AppError('bundle-too-large', 'the session branch is larger than 4 GiB'));
        else cb(null, chunk);
      },
    });
    let code: number;
    try {
      await pipeline(exec.stdout, counter, createWriteStream(path, { mode: 0o600 }));
      code = await exec.wait();
    } catch (e) {
      exec.close();
      throw stalled ? stallError(stallMs) : e;
    } finally {
      idle.clear();
    }
    if (stalled) throw stallError(stallMs);
    if (code !== 0) {
      throw new AppError(
        'bundle-failed',
        `could not pack the session branch in the container (exit ${code}): ${sanitizeLine(stderrReason(errText))}`,
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

function stallError(ms: number): AppError {
  return new AppError(
    'bundle-failed',
    `packing the session branch in the container made no progress for ${Math.round(ms / 1000)} s`,
    'The import is retried.',
  );
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
