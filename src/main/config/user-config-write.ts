/**
 * The user-level config file edited from Settings. The user's text is written as typed (no
 * re-serialisation, so their layout and key order stay), only when it passes the same parser
 * and schema as a loaded file, atomically (temp file + rename, 0600), and only over the version
 * the editor read: a file changed meanwhile (another editor, another window) is never
 * overwritten blindly.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { UserConfigText, WriteUserConfigResult } from '../../shared/schemas/user-config';
import { parseLayer } from './layer';
import { userConfigPath, type PlatformEnv } from './paths';
import { writeFileAtomic } from '../app/atomic-write';

const MAX_BYTES = 1_000_000;

function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function readBytes(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError(
      'config-unreadable',
      `the user config file ${file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      'check the file and its permissions',
    );
  }
}

export async function readUserConfigText(host: PlatformEnv): Promise<UserConfigText> {
  const file = userConfigPath(host);
  const bytes = await readBytes(file);
  if (bytes && bytes.length > MAX_BYTES) {
    throw new AppError(
      'config-too-large',
      `the user config file ${file} is larger than 1 MB`,
      'a config file is a few kilobytes; edit it in a text editor',
    );
  }
  return {
    file,
    text: bytes === null ? null : bytes.toString('utf8'),
    sha256: bytes === null ? null : sha256(bytes),
  };
}

export async function writeUserConfigText(
  host: PlatformEnv,
  input: { text: string; expectedSha256: string | null },
): Promise<WriteUserConfigResult> {
  const file = userConfigPath(host);
  // Relative paths in the file resolve from its folder and the home dir, as when it is loaded.
  const parsed = parseLayer(file, input.text, { projectDir: host.homeDir, homeDir: host.homeDir });
  if (!parsed.layer) return { ok: false, issues: parsed.issues };

  const current = await readBytes(file);
  const currentSha = current === null ? null : sha256(current);
  if (currentSha !== input.expectedSha256) {
    throw new AppError(
      'config-changed',
      `${file} changed since Settings read it; nothing was written`,
      'reload the file in Settings (your edit is lost on reload: copy it first), then save again',
    );
  }
  // A symlinked config (dotfiles) stays a symlink: the file it points to is replaced.
  const target = current === null ? file : await realpath(file);
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  try {
    await writeFileAtomic(target, input.text);
  } catch (e) {
    throw new AppError(
      'config-write-failed',
      `the user config file ${file} could not be written: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      'check that its folder is writable; the file was left as it was',
    );
  }
  return { ok: true, file, sha256: sha256(input.text) };
}
