import { isAbsolute, resolve } from 'node:path';

/**
 * The folder a launch asks for: `claude-run <folder>` or the desktop starting the app with a
 * folder. Flags (Chromium's and ours) are skipped; relative paths resolve against the
 * launching process's working directory. Only the last candidate counts.
 */
export function folderFromArgv(
  argv: readonly string[],
  cwd: string,
  isPackaged: boolean,
): string | null {
  // argv[0] is the executable; an unpackaged run also has the app path at argv[1].
  const args = argv.slice(isPackaged ? 1 : 2);
  let folder: string | null = null;
  for (const arg of args) {
    if (!arg || arg.startsWith('-')) continue;
    folder = isAbsolute(arg) ? resolve(arg) : resolve(cwd, arg);
  }
  return folder;
}
