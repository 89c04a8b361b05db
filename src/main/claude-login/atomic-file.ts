/**
 * The host credentials file, written so that no reader ever sees half of it: the new content
 * goes to a temp file in the same folder (0600), is flushed to disk, then renamed over the old
 * one (rename is atomic within a file system) and the folder is flushed too. A process killed at
 * any point leaves the old file or the new one, and at most an orphaned temp file, which the
 * next writer removes (it holds the lock, so no other writer is using it).
 */
import { randomBytes } from 'node:crypto';
import { chmod, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { withFileLock } from '../app/process-lock';

const TMP_MARK = '.ccr-tmp-';

/** The lock our writers take; next to the file, so it is per login. */
export function lockPathOf(file: string): string {
  return `${file}.ccr-lock`;
}

/** Runs `fn` holding the file's lock (taken over when its holder died; ~10 s at most). */
export function withLoginLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  return withFileLock(lockPathOf(file), fn, { maxAttempts: 400 });
}

async function removeOrphans(file: string): Promise<void> {
  const dir = dirname(file);
  const prefix = `${basename(file)}${TMP_MARK}`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  await Promise.all(
    names
      .filter((n) => n.startsWith(prefix))
      .map((n) => unlink(join(dir, n)).catch(() => undefined)),
  );
}

/** Writes `content` to `file` atomically (mode 0600); call it holding withLoginLock. */
export async function writeFileAtomic(file: string, content: string | Buffer): Promise<void> {
  // The folder is never made here: a data dir or Claude folder removed meanwhile stays gone.
  const dir = dirname(file);
  await removeOrphans(file);
  const tmp = join(
    dir,
    `${basename(file)}${TMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(content);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fh.close();
  // The umask can only remove bits, but a stricter one must not make the file unreadable to us.
  await chmod(tmp, 0o600);
  try {
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  // The rename itself reaches the disk only with the folder's entry.
  const d = await open(dir, 'r').catch(() => null);
  if (d) {
    await d.sync().catch(() => undefined);
    await d.close();
  }
}
