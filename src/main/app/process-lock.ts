/**
 * Locks shared by the processes that use one data dir (the desktop app, `claude-run`, web mode):
 * a lock file names its holder (pid, host, process start time). A holder that no longer runs
 * leaves a stale file, which the next process takes over: liveness is asked of the operating
 * system, never inferred from how long the lock has been held, so a busy machine does not break
 * a lock that is still in use.
 */
import { readFileSync } from 'node:fs';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { ProcessRef } from '../../shared/schemas/session';

function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

let self: ProcessRef | undefined;
/** This process, as other processes see it. */
export function thisProcess(): ProcessRef {
  if (!self) {
    const since = startTimeOf(process.pid);
    self = { pid: process.pid, host: hostname(), ...(since ? { since } : {}) };
  }
  return self;
}

export function isThisProcess(p: ProcessRef): boolean {
  const me = thisProcess();
  return p.pid === me.pid && p.host === me.host && (p.since ?? me.since) === me.since;
}

/**
 * Whether the process still runs. A process on another host cannot be asked: it counts as
 * alive, so nothing of another machine's is ever taken over.
 */
export function processAlive(p: ProcessRef): boolean {
  if (p.host !== hostname()) return true;
  try {
    process.kill(p.pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (p.since === undefined) return true;
  const since = startTimeOf(p.pid);
  return since === undefined || since === p.since;
}

async function readHolder(path: string): Promise<ProcessRef | null | 'missing'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
  try {
    const r = ProcessRef.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    // Written by a holder that died between creating and filling the file.
    return null;
  }
}

async function tryCreate(path: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await fh.writeFile(JSON.stringify(thisProcess()));
  } finally {
    await fh.close();
  }
  return true;
}

/**
 * Removes the lock file when its holder is gone. Moving it aside first (rename is atomic) and
 * checking what was moved keeps two processes that both saw it stale from removing the lock the
 * faster one has just taken.
 */
async function clearIfStale(path: string): Promise<void> {
  const holder = await readHolder(path);
  if (holder === 'missing') return;
  if (holder && processAlive(holder)) return;
  if (holder === null) {
    // An empty or torn file: give a holder that is still writing it a moment.
    await new Promise((r) => setTimeout(r, 50));
    const again = await readHolder(path);
    if (again === 'missing' || (again !== null && processAlive(again))) return;
  }
  const aside = `${path}.stale-${process.pid}-${Date.now()}`;
  try {
    await rename(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = await readHolder(aside);
  if (moved !== 'missing' && moved !== null && processAlive(moved)) {
    // Another process took the lock between our read and the rename: give it back.
    await rename(aside, path).catch(() => undefined);
    return;
  }
  await unlink(aside).catch(() => undefined);
}

export interface LockOptions {
  /** Gives up (with an error naming the holder) after this many attempts; default: never. */
  maxAttempts?: number;
}

/** Runs `fn` holding the lock file; short critical sections only (a store write). */
export async function withFileLock<T>(
  path: string,
  fn: () => Promise<T>,
  opts: LockOptions = {},
): Promise<T> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let delay = 2;
  for (let attempt = 1; ; attempt++) {
    if (await tryCreate(path)) break;
    await clearIfStale(path);
    if (opts.maxAttempts !== undefined && attempt >= opts.maxAttempts) {
      const holder = await readHolder(path).catch(() => null);
      const who = holder && holder !== 'missing' ? `process ${holder.pid}` : 'another process';
      throw new Error(`${path} is locked by ${who}`);
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 50);
  }
  try {
    return await fn();
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

/**
 * A lock held for as long as this process wants it (the commit importer of a data dir). Other
 * processes call `tryAcquire` now and then and get it once the holder has released it or died.
 */
export class ProcessLease {
  private held = false;

  constructor(readonly path: string) {}

  get isHeld(): boolean {
    return this.held;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.held) {
      // Still ours? A user deleting the data dir's files would otherwise leave two holders.
      const holder = await readHolder(this.path).catch(() => null);
      if (holder !== 'missing' && holder !== null && isThisProcess(holder)) return true;
      this.held = false;
    }
    // The lock's folder, but never the data dir above it: a data dir removed while this
    // process runs is not brought back by a timer.
    try {
      await mkdir(dirname(this.path), { mode: 0o700 });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return false;
      if (code !== 'EEXIST') throw e;
    }
    if (!(await tryCreate(this.path))) {
      await clearIfStale(this.path);
      if (!(await tryCreate(this.path))) return false;
    }
    this.held = true;
    return true;
  }

  /** Who holds it now, if anyone alive does. */
  async holder(): Promise<ProcessRef | null> {
    const h = await readHolder(this.path).catch(() => null);
    return h !== 'missing' && h !== null && processAlive(h) ? h : null;
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    const holder = await readHolder(this.path).catch(() => null);
    if (holder !== 'missing' && holder !== null && isThisProcess(holder))
      await unlink(this.path).catch(() => undefined);
  }
}
