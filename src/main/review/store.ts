/**
 * Review comments on disk: one JSON file per session under <dataDir>/review/, shared by every
 * process that uses the data dir. Each change is a read-modify-write under a lock file (two
 * processes adding at once both keep their comment); writes are atomic (temp file, fsync,
 * rename). A file that does not read back as review state is moved aside and reported, its
 * readable comments kept. A stat signature per file lets a poll notice other processes' writes.
 */
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { QueuedReview, ReviewComment } from '../../shared/schemas/review';
import { SessionId } from '../../shared/schemas/session';
import { withFileLock } from '../app/process-lock';
import { KeyedLock } from '../keyed-lock';
import { writeFileAtomic } from '../app/atomic-write';

export const REVIEW_SCHEMA_VERSION = 1;

export interface ReviewDoc {
  comments: ReviewComment[];
  queued: QueuedReview | null;
  /** The branch tip the line comments were last followed to (re-anchoring is lazy). */
  followedTip: string | null;
  /** The review's viewed marks: scope → path → fingerprint (viewed.ts); absent in old files. */
  viewed?: Record<string, Record<string, string>>;
}

const DocFile = z.object({
  schemaVersion: z.literal(REVIEW_SCHEMA_VERSION),
  comments: z.array(z.unknown()),
  queued: QueuedReview.nullable(),
  followedTip: z.string().nullable(),
  viewed: z.record(z.string(), z.record(z.string(), z.string())).optional(),
});

export interface StoreProblem {
  sessionId: string;
  movedTo: string;
  message: string;
}

export const emptyDoc = (): ReviewDoc => ({ comments: [], queued: null, followedTip: null });

export class ReviewStore {
  readonly dir: string;
  private readonly seen = new Map<string, string>();
  private readonly local = new KeyedLock();

  constructor(
    dataDir: string,
    private readonly onProblem: (p: StoreProblem) => void = (p) =>
      console.error(`review: ${p.message} (moved to ${p.movedTo})`),
  ) {
    this.dir = join(dataDir, 'review');
  }

  private file(sessionId: string): string {
    // The id is the contract's SessionId (no dots or slashes): it cannot leave the folder.
    return join(this.dir, `${SessionId.parse(sessionId)}.json`);
  }

  async read(sessionId: string): Promise<ReviewDoc> {
    if (!(await exists(this.file(sessionId)))) {
      this.seen.set(sessionId, 'missing');
      return emptyDoc();
    }
    return this.locked(sessionId, () => this.load(sessionId));
  }

  /** Applies `change` to the state on disk now; null from `change` writes nothing. */
  update(sessionId: string, change: (doc: ReviewDoc) => ReviewDoc | null): Promise<ReviewDoc> {
    return this.locked(sessionId, async () => {
      const doc = await this.load(sessionId);
      const next = change(doc);
      if (next === null) return doc;
      await this.write(sessionId, next);
      return next;
    });
  }

  /** The session was removed: its comments (and a held message) go with it. */
  async forget(sessionId: string): Promise<void> {
    await this.locked(sessionId, () => rm(this.file(sessionId), { force: true }));
    this.seen.set(sessionId, 'missing');
  }

  /** Sessions whose file changed since this process last read or wrote it (one stat each). */
  async changedSinceSeen(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const ids = new Set([
      ...this.seen.keys(),
      ...names.filter((n) => /^[a-z0-9][a-z0-9-]*\.json$/.test(n)).map((n) => n.slice(0, -5)),
    ]);
    const out: string[] = [];
    for (const id of ids) {
      const sig = await signature(this.file(id));
      if (sig !== (this.seen.get(id) ?? 'missing')) out.push(id);
    }
    return out;
  }

  private locked<T>(sessionId: string, fn: () => Promise<T>): Promise<T> {
    return this.local.run(sessionId, async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      return withFileLock(`${this.file(sessionId)}.lock`, fn);
    });
  }

  private async load(sessionId: string): Promise<ReviewDoc> {
    const file = this.file(sessionId);
    const sig = await signature(file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      this.seen.set(sessionId, 'missing');
      return emptyDoc();
    }
    this.seen.set(sessionId, sig);
    let why = 'it does not have the expected shape';
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      why = 'it is not valid JSON';
    }
    const parsed = DocFile.safeParse(raw);
    if (parsed.success) {
      const comments: ReviewComment[] = [];
      for (const c of parsed.data.comments) {
        const r = ReviewComment.safeParse(c);
        if (r.success && r.data.sessionId === sessionId) comments.push(r.data);
      }
      const doc = { ...parsed.data, comments };
      if (comments.length === parsed.data.comments.length) return doc;
      why = `${parsed.data.comments.length - comments.length} comment(s) could not be read`;
      await this.setAside(sessionId, why);
      await this.write(sessionId, doc);
      return doc;
    }
    await this.setAside(sessionId, why);
    return emptyDoc();
  }

  private async setAside(sessionId: string, why: string): Promise<void> {
    const file = this.file(sessionId);
    const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, movedTo);
    this.seen.set(sessionId, 'missing');
    this.onProblem({
      sessionId,
      movedTo,
      message: `the review comments of session ${sessionId} could not be read (${why}); the file was moved aside`,
    });
  }

  private async write(sessionId: string, doc: ReviewDoc): Promise<void> {
    const body = JSON.stringify({ schemaVersion: REVIEW_SCHEMA_VERSION, ...doc }, null, 2);
    this.seen.set(sessionId, await writeFileAtomic(this.file(sessionId), body));
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function signature(path: string): Promise<string> {
  try {
    const s = await stat(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch {
    return 'missing';
  }
}
