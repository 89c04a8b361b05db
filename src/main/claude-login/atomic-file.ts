/**
 * The host credentials file, written so that no reader ever sees half of it: the new content
 * goes to a temp file in the same folder (0600), is flushed to disk, then renamed over the old
 * one (rename is atomic within a file system) and the folder is flushed too. A process killed at
 * any point leaves the old file or the new one, and at most an orphaned temp file, which the
 * next writer removes (it holds the lock, so no other writer is using it).
 */
import { randomBytes } from 'node:crypto';
import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { withFileLock } from '../app/process-lock';
import { writeFileAtomic } from '../app/atomic-write';

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
export async function writeLoginFileAtomic(file: string, content: string | Buffer): Promise<void> {
  // The folder is never made here: a data dir or Claude folder removed meanwhile stays gone.
  await removeOrphans(file);
  await writeFileAtomic(file, content, {
    tmpPath: join(
      dirname(file),
      `${basename(file)}${TMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`,
    ),
  });
}
