/**
 * Usage records on disk, <dataDir>/usage/<id>.json. Only the process running a session's usage
 * watcher writes its record; any process reads them (the CLI's `list`, a second app window's
 * core). Writes are atomic (temp file in the same folder, fsync, rename), so a crash leaves the
 * old record or the new one, never a torn one.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SessionId } from '../../shared/schemas/session';
import { UsageRecord } from './record';
import { writeFileAtomic } from '../app/atomic-write';

export class UsageStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'usage');
  }

  file(sessionId: string): string {
    return join(this.dir, `${SessionId.parse(sessionId)}.json`);
  }

  /** null: no record yet. A corrupt record counts as none (and is overwritten by the next write). */
  async read(sessionId: string): Promise<UsageRecord | null> {
    let text: string;
    try {
      text = await readFile(this.file(sessionId), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    try {
      const parsed = UsageRecord.safeParse(JSON.parse(text));
      if (parsed.success && parsed.data.sessionId === sessionId) return parsed.data;
    } catch {
      /* not JSON */
    }
    console.warn(`usage: ${this.file(sessionId)} is not a usage record; counting starts again`);
    return null;
  }

  /** Every session's record in the folder. */
  async readAll(): Promise<UsageRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const ids = names
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -'.json'.length))
      .filter((id) => SessionId.safeParse(id).success);
    const records = await Promise.all(ids.map((id) => this.read(id).catch(() => null)));
    return records.filter((r): r is UsageRecord => r !== null);
  }

  async write(record: UsageRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file(record.sessionId), JSON.stringify(record));
  }

  async remove(sessionId: string): Promise<void> {
    await rm(this.file(sessionId), { force: true });
  }
}
