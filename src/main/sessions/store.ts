/**
 * The session records on disk: one JSON file under the data dir, shared by every process that
 * uses the data dir (the desktop app, `claude-run`, web mode). Each change is a read-modify-write
 * of the records it concerns, under a lock file, so one process never drops a record another
 * wrote. Writes are atomic (temp file in the same folder, fsync, rename, fsync of the folder): a
 * crash leaves either the old or the new file. A file that cannot be read is moved aside and
 * reported, not silently replaced by an empty list.
 */
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SESSION_SCHEMA_VERSION, SessionInfo } from '../../shared/schemas/session';
import { writeFileAtomic } from '../app/atomic-write';
import { withFileLock } from '../app/process-lock';

const StoreFile = z.object({
  schemaVersion: z.literal(SESSION_SCHEMA_VERSION),
  sessions: z.array(z.unknown()),
});

export interface StoreProblem {
  movedTo: string;
  message: string;
}

export interface StoreLoad {
  sessions: SessionInfo[];
  problem?: StoreProblem;
}

/** What a change does to the list: the new list, or null for "nothing to write". */
export type StoreChange = (sessions: SessionInfo[]) => SessionInfo[] | null;

export class SessionStore {
  readonly file: string;
  private readonly lockFile: string;
  /** One change at a time within this process; the lock file orders processes. */
  private queue: Promise<unknown> = Promise.resolve();
  private seen = '';

  constructor(readonly dir: string) {
    this.file = join(dir, 'sessions.json');
    this.lockFile = join(dir, 'sessions.json.lock');
  }

  /** Reads the records (moving an unreadable file aside, once, under the lock). */
  async load(): Promise<StoreLoad> {
    // Reading never creates the data dir (a poll must not bring back a folder someone removed).
    if (!(await this.exists(this.dir))) {
      this.seen = 'missing';
      return { sessions: [] };
    }
    return this.locked(() => this.read());
  }

  private async exists(path: string): Promise<boolean> {
    return stat(path).then(
      () => true,
      () => false,
    );
  }

  /**
   * Applies `change` to the records as they are on disk now, and writes the result. Returns the
   * records after the change (other processes' changes included).
   */
  update(change: StoreChange): Promise<SessionInfo[]> {
    return this.locked(async () => {
      const { sessions } = await this.read();
      const next = change(sessions);
      if (next === null) return sessions;
      await this.write(next);
      return next;
    });
  }

  /**
   * Whether the file changed since this process last read or wrote it (cheap: one stat), so
   * watchers of other processes' changes re-read only when there is something to read.
   */
  async changedSinceSeen(): Promise<boolean> {
    return (await this.signature()) !== this.seen;
  }

  private async signature(): Promise<string> {
    try {
      const s = await stat(this.file, { bigint: true });
      return `${s.ino}:${s.size}:${s.mtimeNs}`;
    } catch {
      return 'missing';
    }
  }

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      return withFileLock(this.lockFile, fn);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<StoreLoad> {
    const signature = await this.signature();
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        this.seen = 'missing';
        return { sessions: [] };
      }
      throw e;
    }
    this.seen = signature;
    let why: string;
    try {
      const parsed = StoreFile.safeParse(JSON.parse(text));
      if (parsed.success) {
        const sessions: SessionInfo[] = [];
        let bad = 0;
        for (const raw of parsed.data.sessions) {
          const r = SessionInfo.safeParse(raw);
          if (r.success) sessions.push(r.data);
          else bad++;
        }
        if (bad === 0) return { sessions };
        // Keep the good records, but keep the whole original file too: nothing is lost.
        const movedTo = await this.moveAside();
        await this.write(sessions);
        return {
          sessions,
          problem: { movedTo, message: `${bad} unreadable session record(s) were set aside` },
        };
      }
      const version = (JSON.parse(text) as { schemaVersion?: unknown }).schemaVersion;
      why =
        typeof version === 'number' && version > SESSION_SCHEMA_VERSION
          ? `it was written by a newer version of the app (schema ${version})`
          : 'it does not have the expected shape';
    } catch {
      why = 'it is not valid JSON';
    }
    const movedTo = await this.moveAside();
    return {
      sessions: [],
      problem: {
        movedTo,
        message: `the session store could not be read (${why}) and was moved aside`,
      },
    };
  }

  private async moveAside(): Promise<string> {
    const movedTo = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(this.file, movedTo);
    this.seen = 'missing';
    return movedTo;
  }

  private async write(sessions: readonly SessionInfo[]): Promise<void> {
    const body = JSON.stringify({ schemaVersion: SESSION_SCHEMA_VERSION, sessions }, null, 2);
    this.seen = await writeFileAtomic(this.file, body);
  }
}
