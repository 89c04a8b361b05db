/**
 * Inside-container steps of a session start: who the container user is (uid, gid, home), the
 * snapshot + kit as one streamed tar, the repo set-up (workspace-init), and extra files such as
 * credentials and CA certificates, each owned as it must be.
 */
import { posix } from 'node:path';
import { extract } from 'tar-stream';
import { AppError } from '../../shared/errors';
import type { Engine } from '../engine/types';
import type { RemoteInfo } from '../git/repo-check';
import type { SnapshotPlan } from '../git/snapshot';
import { filesTar, objectsTar, snapshotTar, type ExtraFile } from '../git/snapshot-tar';
import { KIT_DIR, kitFiles } from '../kit/index';
import { workspaceInit } from '../kit/workspace-init';

export interface ContainerIdentity {
  uid: number;
  gid: number;
  home: string;
}

/** One file of a container's filesystem (works before the container is started). */
async function readContainerFile(engine: Engine, id: string, path: string): Promise<string | null> {
  try {
    const tar = await engine.getArchive(id, path);
    const ex = extract();
    let text: string | null = null;
    ex.on('entry', (_h, s, next) => {
      const chunks: Buffer[] = [];
      s.on('data', (c: unknown) => chunks.push(c as Buffer));
      s.on('end', () => {
        text ??= Buffer.concat(chunks).toString('utf8');
        next();
      });
    });
    await new Promise<void>((resolve, reject) => {
      ex.on('finish', () => resolve());
      ex.on('error', reject);
      tar.on('error', reject);
      tar.pipe(ex as unknown as NodeJS.WritableStream);
    });
    return text;
  } catch {
    return null;
  }
}

function lookup(file: string, key: string, byIdField: number): string[] | undefined {
  return file
    .split('\n')
    .map((l) => l.split(':'))
    .find((f) => f.length > byIdField && (f[0] === key || f[byIdField] === key));
}

/**
 * The container user's uid, gid and home from the image's /etc/passwd and /etc/group, read
 * through the archive API before the container starts (so files can be copied in first, as a
 * plain create-copy-start would). Null when it cannot tell; then identifyUser asks inside.
 */
export async function identityFromImage(
  engine: Engine,
  id: string,
  user: string,
): Promise<ContainerIdentity | null> {
  const [name = '', group] = (user || 'root').split(':');
  const passwd = await readContainerFile(engine, id, '/etc/passwd');
  const entry = passwd === null ? undefined : lookup(passwd, name, 2);
  let uid: number;
  let gid: number;
  let home: string;
  if (entry) {
    uid = Number(entry[2]);
    gid = Number(entry[3]);
    home = entry[5] || '/';
  } else if (/^\d+$/.test(name)) {
    uid = Number(name);
    gid = uid;
    home = '/';
  } else {
    return null;
  }
  if (group !== undefined) {
    if (/^\d+$/.test(group)) gid = Number(group);
    else {
      const groups = await readContainerFile(engine, id, '/etc/group');
      const g = groups === null ? undefined : lookup(groups, group, 2);
      if (!g) return null;
      gid = Number(g[2]);
    }
  }
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || !home.startsWith('/')) return null;
  return { uid, gid, home };
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

/** Copies the snapshot and the kit in (works on a created, not yet started container). */
export async function copyWorkspace(
  engine: Engine,
  id: string,
  opts: PopulateOptions,
): Promise<void> {
  const owner = { uid: opts.identity.uid, gid: opts.identity.gid };
  // The folders both archives write into exist first, so the two can unpack at the same time.
  await engine.putArchive(
    id,
    '/',
    filesTar(
      ['/workspace', '/workspace/.git', '/workspace/.git/objects'].map((path) => ({
        path,
        mode: 0o755,
        ...owner,
      })),
    ),
  );
  let treeBytes = 0;
  let objectBytes = 0;
  let total = 0;
  const tree = await snapshotTar({
    plan: opts.plan,
    commonDir: opts.commonDir,
    ...owner,
    objects: 'none',
    extraFiles: kitEntries(),
    onProgress: (b) => {
      treeBytes = b;
      opts.onProgress?.(treeBytes + objectBytes, total);
    },
  });
  const objects = await objectsTar({
    commonDir: opts.commonDir,
    ...owner,
    onProgress: (b) => {
      objectBytes = b;
      opts.onProgress?.(treeBytes + objectBytes, total);
    },
  });
  total = tree.totalBytes + objects.totalBytes;
  await Promise.all([
    engine.putArchive(id, '/', tree.stream),
    engine.putArchive(id, '/workspace/.git/objects', objects.stream),
  ]);
}

/** Turns /workspace into the session repo (needs the container running). */
export async function initWorkspace(
  engine: Engine,
  id: string,
  opts: PopulateOptions,
): Promise<void> {
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
