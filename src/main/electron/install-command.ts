/**
 * "Install 'claude-run' Command…": links /usr/local/bin/claude-run to this app's executable
 * (the AppImage file for an AppImage, whose mount point changes every run). Never runs sudo:
 * when the folder is not writable the user gets the exact command to run themselves.
 */
import { lstat, mkdir, readlink, realpath, rename, symlink, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

export const DEFAULT_COMMAND_PATH = '/usr/local/bin/claude-run';
/** Where the deb links the command: installed there counts as installed. */
const DEB_COMMAND_PATH = '/usr/bin/claude-run';

export type InstallOutcome =
  | { kind: 'installed'; target: string; source: string }
  | { kind: 'already'; target: string; source: string }
  | { kind: 'occupied'; target: string; existing: string }
  | { kind: 'needs-admin'; target: string; source: string; command: string }
  | { kind: 'windows' };

export interface InstallOptions {
  platform: NodeJS.Platform;
  /** The app's executable (process.execPath) and, for an AppImage, process.env.APPIMAGE. */
  execPath: string;
  appImage?: string;
  /** Injectable for tests. */
  target?: string;
  /** Other places that already count as installed (the deb's link). */
  alsoInstalledAt?: string[];
  /** Replace a link or file that points elsewhere (after the user agreed). */
  replace?: boolean;
}

/** Single-quoted for a POSIX shell, for display only (nothing here runs a shell). */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

const resolvesTo = async (link: string, source: string): Promise<boolean> => {
  try {
    return (await realpath(link)) === (await realpath(source));
  } catch {
    return false;
  }
};

export async function installCommand(options: InstallOptions): Promise<InstallOutcome> {
  if (options.platform === 'win32') return { kind: 'windows' };
  const source = options.appImage || options.execPath;
  const target = resolve(options.target ?? DEFAULT_COMMAND_PATH);
  for (const place of [target, ...(options.alsoInstalledAt ?? [DEB_COMMAND_PATH])]) {
    if (await resolvesTo(place, source)) return { kind: 'already', target: place, source };
  }
  const existing = await lstat(target).catch(() => null);
  if (existing && !options.replace) {
    const to = existing.isSymbolicLink() ? await readlink(target).catch(() => target) : target;
    return { kind: 'occupied', target, existing: to };
  }
  const needsAdmin = (dirMissing: boolean): InstallOutcome => {
    const link = `sudo ln -sf ${shellQuote(source)} ${shellQuote(target)}`;
    const mkdirFirst = `sudo mkdir -p ${shellQuote(dirname(target))} && `;
    return { kind: 'needs-admin', target, source, command: (dirMissing ? mkdirFirst : '') + link };
  };
  try {
    await mkdir(dirname(target), { recursive: true });
  } catch (err) {
    if (isPermission(err)) return needsAdmin(true);
    throw err;
  }
  // Made next to the target, then renamed over it: the command is never half-installed.
  const temp = join(dirname(target), `.claude-run-${process.pid}-${Date.now()}`);
  try {
    await symlink(source, temp);
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => {});
    if (isPermission(err)) return needsAdmin(false);
    throw err;
  }
  return { kind: 'installed', target, source };
}

const isPermission = (err: unknown): boolean => {
  const code = (err as { code?: unknown }).code;
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
};
