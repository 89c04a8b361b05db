/**
 * Export: a session's transcripts to a folder on the host (kept when the session is discarded).
 * Names were checked by conversation-archive.ts; here nothing is written through a link: every
 * folder below the target is created or found as a real folder (lstat), and files are opened
 * with O_NOFOLLOW, so a link planted in the target folder cannot redirect a write.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, open } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/errors';
import type { Engine } from '../engine/types';
import { CONVERSATION_DIR, containerHome, walkConversation } from './conversation-archive';

export interface ExportResult {
  folder: string;
  files: number;
  bytes: number;
  /** Entries of the archive that were not written, with why. */
  refused: string[];
}

/** A folder under `root` (root itself for ""), made where missing; refuses a link on the way. */
async function realFolder(root: string, rel: string): Promise<string> {
  let at = root;
  for (const part of rel === '' ? [] : rel.split('/')) {
    at = join(at, part);
    const st = await lstat(at).catch(() => null);
    if (st === null) await mkdir(at, { mode: 0o700 });
    else if (!st.isDirectory() || st.isSymbolicLink()) {
      throw new AppError(
        'export-target-refused',
        `${at} exists and is not a plain folder`,
        'export into an empty folder',
      );
    }
  }
  return at;
}

async function writeFile(root: string, rel: string, body: Readable): Promise<number> {
  const cut = rel.lastIndexOf('/');
  const dir = await realFolder(root, cut < 0 ? '' : rel.slice(0, cut));
  const file = join(dir, rel.slice(cut + 1));
  const flags =
    constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);
  const handle = await open(file, flags, 0o600).catch((e: NodeJS.ErrnoException) => {
    throw new AppError(
      'export-target-refused',
      `${file} could not be written (${e.code ?? e.message})`,
      'export into an empty folder',
    );
  });
  let bytes = 0;
  body.on('data', (c: Buffer) => (bytes += c.length));
  await pipeline(body, handle.createWriteStream());
  return bytes;
}

export async function exportConversation(
  engine: Engine,
  container: { id: string; user: string },
  folder: string,
): Promise<ExportResult> {
  if (!isAbsolute(folder)) {
    throw new AppError(
      'invalid-folder',
      `${folder} is not an absolute path`,
      'give the full path of the folder',
    );
  }
  const root = resolve(folder);
  await mkdir(root, { recursive: true, mode: 0o700 });
  const { home } = await containerHome(engine, container.id, container.user);
  let files = 0;
  let bytes = 0;
  const walked = await walkConversation(engine, container.id, home, async (entry, body) => {
    if (entry.type === 'directory') {
      await realFolder(root, entry.rel);
      body.resume();
      return;
    }
    bytes += await writeFile(root, entry.rel, body);
    files++;
  });
  if (!walked.found) {
    throw new AppError(
      'no-conversation',
      `the session has no transcripts (~/${CONVERSATION_DIR} does not exist in its container)`,
      'the agent has not saved a conversation yet',
    );
  }
  return { folder: root, files, bytes, refused: walked.refused };
}
