/**
 * A quarantine for objects that come from a container, the way git's receive-pack keeps one:
 * git writes into a private object directory inside the user's objects dir (same filesystem,
 * so moving in is a rename), with the real store as an alternate. Nothing lands in the user's
 * store until every check passed; then the files are moved in (a pack's .idx last, so git never
 * sees an index without its pack). A failure deletes the directory, whatever git left in it.
 */
import { link, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { AppError } from '../../shared/errors';
import { git, GIT_IDLE_MS, idleTimer, stderrReason } from './host-git';
import { spawnGit } from './runner';

/** git prunes `tmp_*` entries of the objects dir itself, so a crash's leftover is not forever. */
const PREFIX = 'tmp_objdir-ccr-';

export interface Quarantine {
  dir: string;
  /** The user's real objects directory. */
  objects: string;
  /** For git runs that write into the quarantine and read the real store through it. */
  env: NodeJS.ProcessEnv;
  /** Moves the checked objects into the real store. */
  migrate(): Promise<void>;
  dispose(): Promise<void>;
}

const objectsDirs = new Map<string, string>();

export async function objectsDir(folder: string): Promise<string> {
  const known = objectsDirs.get(folder);
  if (known) return known;
  const r = await git(folder, ['rev-parse', '--git-path', 'objects']);
  const dir = resolve(folder, r.stdout.trim());
  objectsDirs.set(folder, dir);
  return dir;
}

export async function openQuarantine(folder: string): Promise<Quarantine> {
  const objects = await objectsDir(folder);
  await sweepAbandoned(objects);
  const dir = await mkdtemp(join(objects, `${PREFIX}${process.pid}-`));
  await mkdir(join(dir, 'pack'));
  return {
    dir,
    objects,
    env: {
      GIT_OBJECT_DIRECTORY: dir,
      GIT_ALTERNATE_OBJECT_DIRECTORIES: objects,
      // git itself then refuses any ref update made while objects are still in quarantine.
      GIT_QUARANTINE_PATH: dir,
    },
    migrate: () => migrate(dir, objects),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Quarantines of an app process that died mid-import (another running instance keeps its own). */
async function sweepAbandoned(objects: string): Promise<void> {
  const names = await readdir(objects).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(PREFIX.length))?.[1]);
    if (pid === process.pid || !Number.isInteger(pid) || processAlive(pid)) continue;
    await rm(join(objects, name), { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const PACK_FILE = /^pack-[0-9a-f]{40,64}\.(keep|pack|rev|idx|bitmap|promisor|mtimes)$/;
/** The order git's tmp-objdir moves pack files in: the .idx that makes a pack visible comes last. */
const PACK_ORDER = ['keep', 'pack', 'rev', 'promisor', 'mtimes', 'bitmap', 'idx'];

async function migrate(dir: string, objects: string): Promise<void> {
  const packs = (await readdir(join(dir, 'pack'))).filter((n) => PACK_FILE.test(n));
  const rank = (n: string) => PACK_ORDER.indexOf(PACK_FILE.exec(n)![1]!);
  packs.sort((a, b) => rank(a) - rank(b));
  await mkdir(join(objects, 'pack'), { recursive: true });
  for (const name of packs) await moveIn(join(dir, 'pack', name), join(objects, 'pack', name));
  for (const sub of await readdir(dir)) {
    if (!/^[0-9a-f]{2}$/.test(sub)) continue;
    await mkdir(join(objects, sub), { recursive: true });
    for (const name of await readdir(join(dir, sub))) {
      if (/^[0-9a-f]{38,62}$/.test(name))
        await moveIn(join(dir, sub, name), join(objects, sub, name));
    }
  }
}

/** Like git's finalize_object_file: an object already there is kept (same name, same content). */
async function moveIn(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (
      await stat(to).then(
        () => true,
        () => false,
      )
    )
      return;
    await rename(from, to);
  }
}

/**
 * Every object reachable from `tip` that the user's refs (and the `trusted` commits, which the
 * host chose) do not already reach must be in the quarantine, i.e. checked by this import. An
 * object that merely exists in the user's store (left by an older failed import, or never
 * checked) is not trusted: the container could otherwise build on it by naming it.
 */
export async function assertAllNewObjectsChecked(
  folder: string,
  q: Quarantine,
  tip: string,
  trusted: string[],
): Promise<void> {
  const idleMs = GIT_IDLE_MS;
  // One git's output piped into another's stdin: a raw stream, which simple-git does not do.
  const walk = spawnGit(
    folder,
    [
      'rev-list',
      '--objects',
      '--no-object-names',
      '--progress=Checking objects',
      // A trusted commit the host does not have (yet) simply limits nothing.
      '--ignore-missing',
      tip,
      '--not',
      '--all',
      ...trusted.filter((o) => /^[0-9a-f]{40,64}$/.test(o)),
      '--',
    ],
    { env: q.env },
  );
  walk.stdin.end();
  // Only the quarantine, no alternates: "missing" here means "not part of this import".
  const own = { GIT_OBJECT_DIRECTORY: q.dir, GIT_QUARANTINE_PATH: q.dir };
  const look = spawnGit(folder, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
    env: own,
  });
  let walkErr = '';
  let lookErr = '';
  const found: { outside: string | null } = { outside: null };
  let rest = '';
  let stalled = false;
  const idle = idleTimer(idleMs, () => {
    stalled = true;
    walk.kill();
    look.kill();
  });
  walk.stdout.on('data', () => idle.touch());
  walk.stdout.pipe(look.stdin);
  look.stdin.on('error', () => undefined);
  walk.stderr.on('data', (c: Buffer) => {
    idle.touch();
    walkErr = (walkErr + c.toString('utf8')).slice(-8192);
  });
  look.stderr.on('data', (c: Buffer) => (lookErr = (lookErr + c.toString('utf8')).slice(-8192)));
  look.stdout.on('data', (c: Buffer) => {
    idle.touch();
    const lines = (rest + c.toString('utf8')).split('\n');
    rest = lines.pop()!;
    for (const line of lines)
      if (found.outside === null && line.endsWith(' missing')) found.outside = line;
  });
  const exit = (p: ChildProcess) =>
    new Promise<number>((ok) => {
      p.on('error', () => ok(-1));
      p.on('close', (code) => ok(code ?? -1));
    });
  const [walkCode, lookCode] = await Promise.all([exit(walk), exit(look)]);
  idle.clear();
  if (stalled) {
    throw new AppError(
      'import-failed',
      `checking the commits from the container made no progress for ${idleMs / 1000} s`,
      'The import is retried.',
    );
  }
  if (walkCode !== 0) {
    throw new AppError(
      'import-failed',
      `the commits from the container are incomplete: ${stderrReason(walkErr)}`,
    );
  }
  if (lookCode !== 0)
    throw new AppError('import-failed', `git cat-file failed: ${stderrReason(lookErr)}`);
  const outside = found.outside;
  if (outside !== null) {
    throw new AppError(
      'import-failed',
      `the commits from the container use object ${outside.split(' ')[0]!.slice(0, 12)}, which this import did not receive and check`,
      'Nothing on your branches changed. Objects your branches do not reach are never trusted.',
    );
  }
}
