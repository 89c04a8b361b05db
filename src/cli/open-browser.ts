/**
 * Opens the web UI in the user's browser without putting the token on a command line (where
 * any local user could read it with `ps`): a private file (0600 in a 0700 folder) redirects
 * to the tokenized URL, and only that file's path is passed to the opener. Returns a
 * cleanup function that deletes the file.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function openInBrowser(
  url: string,
  platform: NodeJS.Platform,
): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'ccr-open-'));
  const file = join(dir, 'open.html');
  const escaped = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  await writeFile(
    file,
    `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${escaped}"><title>Claude Code Runner</title><p>Opening Claude Code Runner…</p>\n`,
    { mode: 0o600 },
  );
  const [command, args] =
    platform === 'darwin'
      ? ['open', [file]]
      : platform === 'win32'
        ? ['explorer.exe', [file]]
        : ['xdg-open', [file]];
  await new Promise<void>((resolve, reject) => {
    const child = execFile(command, args, { timeout: 15_000 }, () => {});
    child.once('error', reject);
    child.once('spawn', () => resolve());
  });
  // The browser reads the file right away; keep it a little for slow starts, then delete it.
  const timer = setTimeout(() => void rm(dir, { recursive: true, force: true }), 60_000);
  timer.unref();
  return async () => {
    clearTimeout(timer);
    await rm(dir, { recursive: true, force: true });
  };
}
