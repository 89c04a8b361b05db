/**
 * Inside-container steps of a session start: who the container user is (uid, gid, home), the
 * snapshot + kit as one streamed tar, the repo set-up (workspace-init), and extra files such as
 * credentials and CA certificates, each owned as it must be.
 */
import { posix } from 'node:path';
import { AppError } from '../../shared/errors';
import type { Engine } from '../engine/types';
import type { RemoteInfo } from '../git/repo-check';
import type { SnapshotPlan } from '../git/snapshot';
import { filesTar, snapshotTar, type ExtraFile } from '../git/snapshot-tar';
import { KIT_DIR, kitFiles } from '../kit/index';
import { workspaceInit } from '../kit/workspace-init';

export interface ContainerIdentity {
  uid: number;
  gid: number;
  home: string;
}

export async function identifyUser(
  engine: Engine,
  id: string,
  user: string,
): Promise<ContainerIdentity> {
  // A constant script: no data is interpolated into it.
  const r = await engine.exec(id, {
    cmd: ['sh', '-c', 'id -u; id -g; printf "%s\\n" "$HOME"'],
    user: user || undefined,
  });
  const [uid, gid, home] = r.stdout.toString('utf8').split('\n');
  if (r.exitCode !== 0 || !/^\d+$/.test(uid ?? '') || !/^\d+$/.test(gid ?? '')) {
    throw new AppError(
      'container-user-unknown',
      `the container user "${user || 'root'}" could not be identified (exit ${r.exitCode}): ${r.stderr.toString('utf8').trim().slice(0, 300)}`,
      'check containerUser in the config and that the image has /bin/sh',
    );
  }
  return { uid: Number(uid), gid: Number(gid), home: home && home.startsWith('/') ? home : '/' };
}

/** Root-owned kit scripts under /opt/ccr/bin, with their directories. */
export function kitEntries(): ExtraFile[] {
  const root = { uid: 0, gid: 0 };
  const dirs = ['/opt', '/opt/ccr', KIT_DIR].map((path) => ({ path, mode: 0o755, ...root }));
  return [
    ...dirs,
    ...kitFiles.map((f) => ({ path: f.path, mode: f.mode, content: f.content, ...root })),
  ];
}

export interface PopulateOptions {
  plan: SnapshotPlan;
  commonDir: string;
  identity: ContainerIdentity;
  user: string;
  branch: string;
  commit: string;
  remotes: RemoteInfo[];
  onProgress?: (bytes: number, total: number) => void;
}

export async function populateWorkspace(
  engine: Engine,
  id: string,
  opts: PopulateOptions,
): Promise<void> {
  const { stream } = await snapshotTar({
    plan: opts.plan,
    commonDir: opts.commonDir,
    uid: opts.identity.uid,
    gid: opts.identity.gid,
    extraFiles: kitEntries(),
    onProgress: opts.onProgress,
  });
  await engine.putArchive(id, '/', stream);
  const args = [opts.branch, opts.commit, ...opts.remotes.flatMap((r) => [r.name, r.url])];
  const r = await engine.exec(id, {
    cmd: [workspaceInit.path, ...args],
    user: opts.user || undefined,
    workdir: '/workspace',
    stdin: opts.plan.indexInfo,
  });
  if (r.exitCode !== 0) {
    const err = r.stderr.toString('utf8').trim().slice(0, 500);
    const hint = /git: (not found|command not found)|No such file/.test(err)
      ? 'the image needs git: add it to your Dockerfile'
      : 'see the message above; the container is kept for inspection';
    throw new AppError(
      'workspace-failed',
      `setting up the repository in the container failed (exit ${r.exitCode}): ${err}`,
      hint,
    );
  }
}

export interface PlacedFile {
  containerPath: string;
  content: Buffer;
  mode: number;
}

/**
 * Files under the user's home belong to the user (with any missing folders below home); files
 * elsewhere (CA certificates under /opt/ccr) belong to root.
 */
export async function putFiles(
  engine: Engine,
  id: string,
  files: PlacedFile[],
  identity: ContainerIdentity,
): Promise<void> {
  if (files.length === 0) return;
  const entries: ExtraFile[] = [];
  const dirs = new Set<string>();
  const home = identity.home.replace(/\/+$/, '') || '/';
  for (const f of files) {
    const path = posix.normalize(f.containerPath);
    if (!posix.isAbsolute(path) || path.split('/').includes('..')) {
      throw new AppError(
        'invalid-file',
        `refusing to put a file at ${f.containerPath}`,
        'this is a bug; please report it',
      );
    }
    const mine = home !== '/' && path.startsWith(`${home}/`);
    const owner = mine ? { uid: identity.uid, gid: identity.gid } : { uid: 0, gid: 0 };
    const stop = mine ? home : '/';
    const chain: string[] = [];
    for (let d = posix.dirname(path); d !== stop && d !== '/' && !dirs.has(d); d = posix.dirname(d))
      chain.unshift(d);
    for (const d of chain) {
      dirs.add(d);
      entries.push({ path: d, mode: mine ? 0o700 : 0o755, ...owner });
    }
    entries.push({ path, mode: f.mode, content: f.content, ...owner });
  }
  await engine.putArchive(id, '/', filesTar(entries));
}
