/**
 * Streams a snapshot as one tar for the engine's putArchive (no bind mount of the user's folder,
 * works with remote engines): the work tree under workspace/, the repo's object store under
 * workspace/.git/objects (history without the user's config, hooks or refs), and extra files
 * such as the container kit. Owners come from the headers, so the tree belongs to the container
 * user. No pax xattrs are ever written, so macOS extended attributes never travel.
 */
import { createReadStream, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, posix, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pack as tarPack, type Header, type Pack } from 'tar-stream';

type TarHeader = Partial<Header> & { name: string };
import { AppError } from '../../shared/errors';
import { runGit } from './repo-check';
import type { SnapshotPlan } from './snapshot';

/** A file (or, without content, a directory) put at an absolute container path. */
export interface ExtraFile {
  /** Absolute path inside the container; parents are NOT created: list them first as dirs. */
  path: string;
  mode: number;
  content?: Buffer | string;
  uid: number;
  gid: number;
}

export interface SnapshotTarOptions {
  plan: SnapshotPlan;
  /** Absolute path of the repo's common git dir: objects are copied from there. */
  commonDir: string;
  uid: number;
  gid: number;
  /** Tar paths are relative to '/', so this is e.g. 'workspace'. */
  workspace?: string;
  extraFiles?: ExtraFile[];
  /** Called with the bytes written so far. */
  onProgress?: (bytes: number, total: number) => void;
  /**
   * 'inline' (default): the object store goes into this tar. 'none': it is left out, to be sent
   * with objectsTar() in parallel (the engine then unpacks both at once).
   */
  objects?: 'inline' | 'none';
}

interface ObjectFile {
  rel: string;
  abs: string;
  size: number;
  mode: number;
}

/** Every file of an object store (and its alternates), excluding info/alternates. */
async function listObjects(objectsDir: string, seen = new Set<string>()): Promise<ObjectFile[]> {
  const dir = resolve(objectsDir);
  if (seen.has(dir)) return [];
  seen.add(dir);
  const out: ObjectFile[] = [];
  // Sync calls on purpose: thousands of tiny async fs calls cost far more than they block.
  const walk = (rel: string) => {
    let names: string[];
    try {
      names = readdirSync(join(dir, rel));
    } catch {
      return;
    }
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      if (r === 'info/alternates' || r === 'info/http-alternates' || name.startsWith('tmp_'))
        continue;
      const st = lstatSync(join(dir, r));
      if (st.isDirectory()) walk(r);
      else if (st.isFile()) out.push({ rel: r, abs: join(dir, r), size: st.size, mode: 0o444 });
    }
  };
  walk('');
  const alternates = await readFile(join(dir, 'info', 'alternates'), 'utf8').catch(() => '');
  for (const line of alternates.split('\n')) {
    const alt = line.trim();
    if (!alt || alt.startsWith('#')) continue;
    out.push(...(await listObjects(isAbsolute(alt) ? alt : join(dir, alt), seen)));
  }
  return out;
}

function put(pack: Pack, header: TarHeader, body?: Buffer): Promise<void> {
  return new Promise((res, rej) => {
    pack.entry(header, body ?? Buffer.alloc(0), (err) => (err ? rej(err) : res()));
  });
}

function putStream(pack: Pack, header: TarHeader, source: Readable): Promise<void> {
  return new Promise((res, rej) => {
    const entry = pack.entry(header, (err) => (err ? rej(err) : res()));
    source.on('error', rej);
    source.pipe(entry);
  });
}

function parents(paths: Iterable<string>): string[] {
  const dirs = new Set<string>();
  for (const p of paths) {
    for (let d = posix.dirname(p); d !== '.' && d !== '/' && !dirs.has(d); d = posix.dirname(d))
      dirs.add(d);
  }
  // Shallow first, so every directory exists (with its owner) before anything goes into it.
  return [...dirs].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
}

export async function snapshotTar(
  opts: SnapshotTarOptions,
): Promise<{ stream: Readable; totalBytes: number }> {
  const ws = opts.workspace ?? 'workspace';
  const { uid, gid, plan } = opts;
  const objects = opts.objects === 'none' ? [] : await listObjects(join(opts.commonDir, 'objects'));
  const shallow = await readFile(join(opts.commonDir, 'shallow')).catch(() => null);
  const total = plan.totalBytes + objects.reduce((n, o) => n + o.size, 0);
  const pack = tarPack();
  const mtime = new Date();
  const own = { uid, gid, mtime };

  const run = async () => {
    let done = 0;
    const tick = (n: number) => {
      done += n;
      opts.onProgress?.(done, total);
    };
    await put(pack, { name: ws, type: 'directory', mode: 0o755, ...own });
    const wsPaths = [
      ...plan.entries.map((e) => `${ws}/${e.path}`),
      ...objects.map((o) => `${ws}/.git/objects/${o.rel}`),
      ...(shallow ? [`${ws}/.git/shallow`] : []),
    ];
    for (const d of parents(wsPaths)) {
      if (d !== ws) await put(pack, { name: d, type: 'directory', mode: 0o755, ...own });
    }
    for (const e of plan.entries) {
      const name = `${ws}/${e.path}`;
      if (e.type === 'symlink') {
        await put(pack, { name, type: 'symlink', linkname: e.linkTarget!, mode: 0o777, ...own });
      } else if (e.blob) {
        const blob = await runGit(plan.root, ['cat-file', 'blob', e.blob]);
        await put(pack, { name, type: 'file', mode: e.mode, ...own }, blob.stdout);
      } else if (e.size < 1 << 20) {
        // Small files: a sync read is several times faster than the thread pool round trip,
        // and the await on the entry below yields to the event loop between files.
        const body = readFileSync(join(plan.root, e.path));
        if (body.length !== e.size) throw changed(e.path);
        await put(pack, { name, type: 'file', mode: e.mode, ...own }, body);
      } else {
        const src = createReadStream(join(plan.root, e.path), { start: 0, end: e.size - 1 });
        await putStream(
          pack,
          { name, type: 'file', mode: e.mode, size: e.size, ...own },
          src,
        ).catch((err) => {
          throw (err as Error).message?.includes('size') ? changed(e.path) : err;
        });
      }
      tick(e.size);
    }
    for (const o of objects) {
      const name = `${ws}/.git/objects/${o.rel}`;
      const src = createReadStream(o.abs, { start: 0, end: Math.max(0, o.size - 1) });
      if (o.size === 0) await put(pack, { name, type: 'file', mode: o.mode, ...own });
      else await putStream(pack, { name, type: 'file', mode: o.mode, size: o.size, ...own }, src);
      tick(o.size);
    }
    if (shallow)
      await put(pack, { name: `${ws}/.git/shallow`, type: 'file', mode: 0o644, ...own }, shallow);
    await putExtraFiles(pack, opts.extraFiles ?? []);
    pack.finalize();
  };
  run().catch((err: unknown) => pack.destroy(err as Error));
  return { stream: pack as unknown as Readable, totalBytes: total };
}

/**
 * The repo's object store (and its alternates) as a tar of paths relative to the objects folder,
 * for a putArchive at <workspace>/.git/objects that runs alongside the work tree's.
 */
export async function objectsTar(opts: {
  commonDir: string;
  uid: number;
  gid: number;
  onProgress?: (bytes: number, total: number) => void;
}): Promise<{ stream: Readable; totalBytes: number }> {
  const objects = await listObjects(join(opts.commonDir, 'objects'));
  const total = objects.reduce((n, o) => n + o.size, 0);
  const pack = tarPack();
  const own = { uid: opts.uid, gid: opts.gid, mtime: new Date() };
  const run = async () => {
    let done = 0;
    for (const d of parents(objects.map((o) => o.rel))) {
      await put(pack, { name: d, type: 'directory', mode: 0o755, ...own });
    }
    for (const o of objects) {
      if (o.size === 0) await put(pack, { name: o.rel, type: 'file', mode: o.mode, ...own });
      else {
        const src = createReadStream(o.abs, { start: 0, end: o.size - 1 });
        await putStream(
          pack,
          { name: o.rel, type: 'file', mode: o.mode, size: o.size, ...own },
          src,
        );
      }
      done += o.size;
      opts.onProgress?.(done, total);
    }
    pack.finalize();
  };
  run().catch((err: unknown) => pack.destroy(err as Error));
  return { stream: pack as unknown as Readable, totalBytes: total };
}

function changed(path: string): AppError {
  return new AppError(
    'snapshot-changed',
    `${path} changed while it was being copied`,
    'start the session again once the files are no longer being written',
  );
}

async function putExtraFiles(pack: Pack, files: ExtraFile[]): Promise<void> {
  const mtime = new Date();
  for (const f of files) {
    const name = f.path.replace(/^\/+/, '');
    const head = { name, mode: f.mode, uid: f.uid, gid: f.gid, mtime };
    if (f.content === undefined) await put(pack, { ...head, type: 'directory' });
    else
      await put(
        pack,
        { ...head, type: 'file' },
        typeof f.content === 'string' ? Buffer.from(f.content) : f.content,
      );
  }
}

/** A tar of just some files and directories (the kit, credential files). */
export function filesTar(files: ExtraFile[]): Readable {
  const pack = tarPack();
  putExtraFiles(pack, files).then(
    () => pack.finalize(),
    (err: unknown) => pack.destroy(err as Error),
  );
  return pack as unknown as Readable;
}
