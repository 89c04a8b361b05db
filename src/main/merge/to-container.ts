/**
 * The bundle path reversed: a target branch's commits go from the user's repository into the
 * session's container. The host's git writes a bundle of refs/heads/<onto> (without what the
 * container already has from the session, when it can), the bundle is streamed to a private
 * file in the container over an exec's stdin, and the container's own git fetches it into
 * refs/ccr/onto/<onto> as the session's user. Every command is an argument array; the only
 * shell text is constant and takes its path as an argument.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../shared/errors';
import type { Engine } from '../engine/types';
import { sanitizeLine } from '../commits/transfer';
import { git, isAncestor, stderrReason } from '../git/host-git';

export const WORKSPACE = '/workspace';
export const containerOntoRef = (onto: string) => `refs/ccr/onto/${onto}`;

export interface ContainerTarget {
  engine: Engine;
  containerId: string;
  /** Exec user ("" = the image's default). */
  user: string;
}

/** Writes a bundle of `onto` on the host; `exclude` are commits the container is known to have. */
async function writeBundle(
  folder: string,
  onto: string,
  exclude: string[],
  path: string,
): Promise<void> {
  const args = ['bundle', 'create', '--quiet', path, `refs/heads/${onto}`];
  for (const e of exclude) args.push(`^${e}`);
  await git(folder, args, { timeoutMs: 600_000 });
}

async function execIn(t: ContainerTarget, cmd: string[], stdin?: Readable) {
  return t.engine.exec(t.containerId, {
    cmd,
    workdir: WORKSPACE,
    ...(t.user ? { user: t.user } : {}),
    ...(stdin ? { stdin } : {}),
  });
}

/**
 * Brings refs/heads/<onto> (at `ontoTip`) into the container as refs/ccr/onto/<onto>.
 * `have`: commits the container has (the session's base and tip); the bundle leaves out what
 * they reach, or is sent whole when the container lacks one of them.
 */
export async function sendBranchToContainer(
  folder: string,
  t: ContainerTarget,
  onto: string,
  ontoTip: string,
  have: string[],
): Promise<string> {
  const ref = containerOntoRef(onto);
  const dir = await mkdtemp(join(tmpdir(), 'ccr-onto-'));
  const remotePath = `/tmp/ccr-onto-${randomBytes(8).toString('hex')}.bundle`;
  try {
    // Excluding a commit that reaches the tip would leave nothing to bundle: then the container
    // already has the tip and only the ref is missing; a whole bundle is the simple way there.
    const reach = await Promise.all(have.map((h) => isAncestor(folder, ontoTip, h)));
    const exclude = reach.some(Boolean) ? [] : have;
    let fetched = await sendOnce(folder, t, onto, exclude, join(dir, 'a.bundle'), remotePath);
    if (!fetched.ok && exclude.length > 0 && /prerequisite/i.test(fetched.reason))
      fetched = await sendOnce(folder, t, onto, [], join(dir, 'b.bundle'), remotePath);
    if (!fetched.ok)
      throw new AppError(
        'rebase-request-failed',
        `the container could not fetch ${onto}: ${sanitizeLine(fetched.reason)}`,
        'Check that the session is running, then try again.',
      );
    const check = await execIn(t, ['git', 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    if (check.stdout.toString('utf8').trim() !== ontoTip)
      throw new AppError(
        'rebase-request-failed',
        `the container's ${ref} is not at ${ontoTip.slice(0, 12)} after the fetch`,
      );
    return ref;
  } finally {
    await execIn(t, ['rm', '-f', '--', remotePath]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

async function sendOnce(
  folder: string,
  t: ContainerTarget,
  onto: string,
  exclude: string[],
  localPath: string,
  remotePath: string,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  await writeBundle(folder, onto, exclude, localPath);
  // noclobber + a private umask: the file is new and only the session's user reads it.
  const put = await execIn(
    t,
    ['sh', '-c', 'set -C; umask 077; cat > "$1"', 'sh', remotePath],
    createReadStream(localPath),
  );
  if (put.exitCode !== 0)
    return { ok: false, reason: `copying the bundle failed: ${put.stderr.toString('utf8')}` };
  const fetch = await execIn(t, [
    'git',
    '-c',
    'core.hooksPath=/dev/null',
    'fetch',
    '--quiet',
    '--no-tags',
    '--no-write-fetch-head',
    '--',
    remotePath,
    `+refs/heads/${onto}:${containerOntoRef(onto)}`,
  ]);
  await execIn(t, ['rm', '-f', '--', remotePath]).catch(() => undefined);
  if (fetch.exitCode !== 0)
    return { ok: false, reason: stderrReason(fetch.stderr.toString('utf8')) || 'git fetch failed' };
  return { ok: true };
}
