/**
 * Notices when the host's login changes: fs.watch on the file's folder (Claude Code replaces
 * the file, so a watch on the file itself would lose it) plus a stat poll, because fs.watch
 * misses changes on some file systems. A Keychain has nothing to watch: it is polled.
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

export interface HostWatchOptions {
  /** The file, or null to call `onChange` on every poll (the Keychain: the caller compares). */
  path: string | null;
  pollMs: number;
  onChange(): void;
}

export function watchHostLogin(o: HostWatchOptions): () => void {
  let last: string | null = null;
  let fsw: FSWatcher | null = null;
  let stopped = false;
  const fingerprint = async (): Promise<string> => {
    if (o.path === null) return String(Date.now());
    try {
      const s = await stat(o.path);
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return 'missing';
    }
  };
  const check = async () => {
    const f = await fingerprint();
    if (stopped) return;
    if (last !== null && f !== last) o.onChange();
    last = f;
  };
  void check();
  const timer = setInterval(() => void check(), o.pollMs);
  timer.unref?.();
  if (o.path !== null) {
    const name = basename(o.path);
    try {
      fsw = watch(dirname(o.path), { persistent: false }, (_event, file) => {
        if (file === null || file.toString() === name) void check();
      });
      fsw.on('error', () => undefined);
    } catch {
      // No folder yet, or watching is not possible: the poll still sees changes.
    }
  }
  return () => {
    stopped = true;
    clearInterval(timer);
    fsw?.close();
  };
}
