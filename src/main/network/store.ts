/**
 * A session's network record on disk, <dataDir>/network/<id>.json, shared by every process
 * using the data dir: the policy fixed at start (so it survives restarts), the expanded allow
 * patterns, the user's "allow for this session" answers, the recent denials, and which process
 * serves the gateway. Changes are read-modify-write under a lock file; writes are atomic.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { DeniedAttempt, NetworkPolicy } from '../../shared/schemas/network';
import { SessionId } from '../../shared/schemas/session';
import { withFileLock } from '../app/process-lock';
import { writeFileAtomic } from '../app/atomic-write';

export const MAX_DENIED = 200;

const ProcessRefSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  since: z.string().optional(),
});

export const NetworkRecord = z.object({
  schemaVersion: z.literal(1),
  sessionId: SessionId,
  policy: NetworkPolicy,
  /** Every pattern the policy allows (its own, its presets', the agent API's), at start. */
  allow: z.array(z.string()),
  /** The session's own "Allow for this session" answers. */
  sessionAllow: z.array(z.string()),
  denied: z.array(DeniedAttempt),
  servedBy: ProcessRefSchema.nullable(),
});
export type NetworkRecord = z.infer<typeof NetworkRecord>;

export class NetworkStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'network');
  }

  private file(sessionId: string): string {
    return join(this.dir, `${SessionId.parse(sessionId)}.json`);
  }

  /** null: the session has no record (started before this feature, or its network is open). */
  async read(sessionId: string): Promise<NetworkRecord | null> {
    let text: string;
    try {
      text = await readFile(this.file(sessionId), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    const parsed = NetworkRecord.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new AppError(
        'network-record-invalid',
        `${this.file(sessionId)} is not a network record (${parsed.error.issues[0]?.message ?? 'unreadable'})`,
        'the app writes this file itself: restore it, or discard the session and start a new one',
      );
    }
    return parsed.data;
  }

  async write(rec: NetworkRecord): Promise<void> {
    await withFileLock(`${this.file(rec.sessionId)}.lock`, () => this.put(rec));
  }

  /** Changes the record under the lock; `fn` returns the new record (or null to leave it). */
  async update(
    sessionId: string,
    fn: (rec: NetworkRecord) => NetworkRecord | null,
  ): Promise<NetworkRecord | null> {
    return withFileLock(`${this.file(sessionId)}.lock`, async () => {
      const rec = await this.read(sessionId);
      if (!rec) return null;
      const next = fn(rec);
      if (!next) return rec;
      await this.put(next);
      return next;
    });
  }

  async remove(sessionId: string): Promise<void> {
    await rm(this.file(sessionId), { force: true });
  }

  private async put(rec: NetworkRecord): Promise<void> {
    await writeFileAtomic(this.file(rec.sessionId), JSON.stringify(rec, null, 2), {
      makeDir: true,
    });
  }
}
