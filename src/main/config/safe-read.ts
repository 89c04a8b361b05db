/**
 * Reading a file that a repository or a container named. Its author chose the path, so it may
 * be a symlink to /dev/zero (endless), /dev/urandom, a FIFO (a read that never returns), a
 * socket or a huge file. Every such read goes through readRegularFile: it opens without
 * blocking, checks on the open descriptor (no swap between check and read) that it is a regular
 * file, reads at most `maxBytes` and gives up after `timeoutMs`, with an error that says which.
 */
import { constants, promises as fs, type Stats } from 'node:fs';

/** Default bound of a read: config files, env files, certificates, Dockerfiles are small. */
export const MAX_READ_BYTES = 1_000_000;
/** A local file is read in milliseconds; a hung network or FUSE mount is reported, not waited. */
export const READ_TIMEOUT_MS = 5_000;

export type ReadFailure =
  'missing' | 'folder' | 'not-a-file' | 'too-large' | 'unreadable' | 'timeout';

export type SafeRead =
  { ok: true; data: Buffer } | { ok: false; why: ReadFailure; message: string };

export interface SafeReadOptions {
  maxBytes?: number;
  timeoutMs?: number;
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever. O_NOCTTY: a
// terminal device never becomes our controlling terminal. Both are 0 where they do not exist.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function failure(file: string, err: unknown): SafeRead {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return { ok: false, why: 'missing', message: `${file} does not exist` };
  if (code === 'EISDIR')
    return { ok: false, why: 'folder', message: `expected a file, but ${file} is a folder` };
  if (code === 'EACCES' || code === 'EPERM')
    return { ok: false, why: 'unreadable', message: `${file} cannot be read (permission denied)` };
  if (code === 'ELOOP')
    return { ok: false, why: 'unreadable', message: `${file} is a symlink loop` };
  return {
    ok: false,
    why: 'unreadable',
    message: `${file} cannot be read (${code ?? (err as Error).message})`,
  };
}

async function readOpen(file: string, maxBytes: number): Promise<SafeRead> {
  const handle = await fs.open(file, OPEN_FLAGS);
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      const why = st.isDirectory() ? 'folder' : 'not-a-file';
      const message = st.isDirectory()
        ? `expected a file, but ${file} is a folder`
        : `${file} is ${kindOf(st)}, not a regular file; expected a regular file`;
      return { ok: false, why, message };
    }
    const tooLarge: SafeRead = {
      ok: false,
      why: 'too-large',
      message: `${file} is larger than ${maxBytes} bytes; expected a small text file`,
    };
    if (st.size > maxBytes) return tooLarge;
    // The size can grow after fstat (a file being written) and some files report 0 (procfs):
    // reading stops at EOF or one byte past the bound, so a file that grew is refused rather
    // than read without end.
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= maxBytes) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    if (total > maxBytes) return tooLarge;
    return { ok: true, data: Buffer.concat(chunks, total) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Reads `file` (symlinks followed) if it is a regular file of at most `maxBytes`. */
export async function readRegularFile(file: string, opts: SafeReadOptions = {}): Promise<SafeRead> {
  const maxBytes = opts.maxBytes ?? MAX_READ_BYTES;
  const timeoutMs = opts.timeoutMs ?? READ_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<SafeRead>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ok: false,
          why: 'timeout',
          message: `${file} did not answer within ${timeoutMs / 1000} s (a hung network or FUSE mount?)`,
        }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([readOpen(file, maxBytes).catch((e) => failure(file, e)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** readRegularFile as UTF-8 text (a leading BOM is kept: parsers decide about it). */
export async function readRegularText(
  file: string,
  opts: SafeReadOptions = {},
): Promise<{ ok: true; text: string } | Extract<SafeRead, { ok: false }>> {
  const r = await readRegularFile(file, opts);
  return r.ok ? { ok: true, text: r.data.toString('utf8') } : r;
}

/** stat (symlinks followed) that gives up after `timeoutMs`; null when it does not exist. */
export async function statWithTimeout(
  file: string,
  timeoutMs = READ_TIMEOUT_MS,
): Promise<{ stats: Stats | null } | { timeout: true }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ timeout: true }>((resolve) => {
    timer = setTimeout(() => resolve({ timeout: true }), timeoutMs);
  });
  try {
    return await Promise.race([
      fs.stat(file).then(
        (stats) => ({ stats }),
        () => ({ stats: null }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** "a character device" etc. for a stat that is neither a file nor a folder. */
export function describeKind(st: Stats): string {
  return kindOf(st);
}
