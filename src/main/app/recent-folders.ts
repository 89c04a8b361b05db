import { join } from 'node:path';
import { z } from 'zod';
import { RecentFolder } from '../../shared/schemas/app';
import { readJsonFile, writeJsonFileAtomic } from './json-file';
import { withFileLock } from './process-lock';

const MAX_RECENT = 12;
const FileShape = z.object({ folders: z.array(RecentFolder) });

/** The folders the user opened last, newest first, kept in the data dir for both app modes. */
export class RecentFolders {
  private readonly path: string;
  // Serialise writes so two quick opens never race on the file.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.path = join(dataDir, 'recent-folders.json');
  }

  async list(): Promise<RecentFolder[]> {
    const parsed = FileShape.safeParse(await readJsonFile(this.path));
    return parsed.success ? parsed.data.folders.slice(0, MAX_RECENT) : [];
  }

  add(folder: string, now = new Date()): Promise<RecentFolder[]> {
    // The lock file orders the processes sharing the data dir (the app beside `claude-run`).
    const next = this.queue.then(() =>
      withFileLock(`${this.path}.lock`, async () => {
        const rest = (await this.list()).filter((f) => f.path !== folder);
        const folders = [{ path: folder, openedAt: now.toISOString() }, ...rest].slice(
          0,
          MAX_RECENT,
        );
        await writeJsonFileAtomic(this.path, { folders });
        return folders;
      }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }
}
