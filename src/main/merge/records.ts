/**
 * What the app remembers per session about bringing its work home, one small JSON file per
 * session in <dataDir>/merge/: the last merge (target branch, the session tip it took, the new
 * target tip) and the pull request made for it. A rebase or squash leaves the session's commits
 * off the target's history, so "merged" cannot always be read from ancestry alone.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../app/atomic-write';

const Hash = z.string().regex(/^[0-9a-f]{40,64}$/);
export const MergeRecord = z.object({
  merged: z
    .object({ into: z.string().min(1), sessionTip: Hash, newTip: Hash, at: z.string() })
    .optional(),
  pr: z.object({ url: z.string().url(), number: z.number().int() }).optional(),
});
export type MergeRecord = z.infer<typeof MergeRecord>;

const SAFE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export class MergeRecords {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'merge');
  }

  private file(id: string): string {
    if (!SAFE_ID.test(id)) throw new Error(`not a session id: ${id}`);
    return join(this.dir, `${id}.json`);
  }

  /**
   * The record, or an empty one (a missing or unreadable file means "nothing known"). Read each
   * time: other processes of the data dir (the CLI) write it too, and it is a few bytes.
   */
  async get(id: string): Promise<MergeRecord> {
    const text = await readFile(this.file(id), 'utf8').catch(() => null);
    let rec: MergeRecord = {};
    if (text !== null) {
      try {
        const parsed = MergeRecord.safeParse(JSON.parse(text));
        if (parsed.success) rec = parsed.data;
      } catch {
        // A damaged file is treated as absent; the next write replaces it.
      }
    }
    return rec;
  }

  async update(id: string, change: (r: MergeRecord) => MergeRecord): Promise<MergeRecord> {
    const next = MergeRecord.parse(change(await this.get(id)));
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file(id), JSON.stringify(next));
    return next;
  }

  async remove(id: string): Promise<void> {
    await rm(this.file(id), { force: true });
  }
}
