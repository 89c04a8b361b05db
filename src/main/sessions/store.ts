/**
 * The session records on disk: one JSON file under the data dir, written atomically (temp file
 * in the same folder, fsync, rename, fsync of the folder), so a crash leaves either the old or
 * the new file, never half of one. A file that cannot be read is moved aside and reported, not
 * silently replaced by an empty list.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SESSION_SCHEMA_VERSION, SessionInfo } from '../../shared/schemas/session';

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

export class SessionStore {
  readonly file: string;
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly dir: string) {
    this.file = join(dir, 'sessions.json');
  }

  async load(): Promise<StoreLoad> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { sessions: [] };
      throw e;
    }
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
        await this.save(sessions);
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
    return movedTo;
  }

  /** Writes are serialised: the last save wins and no two writers share a temp file. */
  save(sessions: readonly SessionInfo[]): Promise<void> {
    const body = JSON.stringify({ schemaVersion: SESSION_SCHEMA_VERSION, sessions }, null, 2);
    const run = this.queue.then(() => this.write(body));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(body: string): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = join(
      this.dir,
      `.sessions.json.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
    );
    try {
      const fh = await open(tmp, 'w', 0o600);
      try {
        await fh.writeFile(body);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.file);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
    // The rename itself must reach the disk too; not every platform can open a folder.
    const dirHandle = await open(this.dir, 'r').catch(() => null);
    if (dirHandle) {
      await dirHandle.sync().catch(() => undefined);
      await dirHandle.close();
    }
  }
}
