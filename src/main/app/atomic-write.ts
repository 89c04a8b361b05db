/**
 * The one way the app replaces a file it owns (sessions, reviews, usage, network and merge
 * records, trust store, user config, login copies): the new content goes to a temp file in the
 * same folder (0600, created exclusively), is flushed to disk, then renamed over the old one,
 * and the folder is flushed too. A process killed at any point leaves the old file or the new
 * one, never half of either, and at most an orphaned temp file.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Create the folder (0700) when it is missing; off where a removed folder must stay gone. */
  makeDir?: boolean;
  /** Where the temp file goes (same folder as `file`); for writers that clean their orphans. */
  tmpPath?: string;
}

/**
 * Writes `content` to `file` atomically. Returns the written file's signature
 * (inode:size:mtime ns), taken from the file we wrote, so a store can tell its own write from
 * a later writer's.
 */
export async function writeFileAtomic(
  file: string,
  content: string | Uint8Array,
  opts: AtomicWriteOptions = {},
): Promise<string> {
  const dir = dirname(file);
  if (opts.makeDir) await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp =
    opts.tmpPath ??
    join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let signature: string;
  try {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(content);
      await fh.sync();
      const s = await fh.stat({ bigint: true });
      signature = `${s.ino}:${s.size}:${s.mtimeNs}`;
    } finally {
      await fh.close();
    }
    // The umask can only remove bits, but a stricter one must not make the file unreadable to us.
    await chmod(tmp, 0o600);
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  // The rename reaches the disk only with the folder's entry; not every platform opens folders.
  const d = await open(dir, 'r').catch(() => null);
  if (d) {
    await d.sync().catch(() => undefined);
    await d.close();
  }
  return signature;
}
