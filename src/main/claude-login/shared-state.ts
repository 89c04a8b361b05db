/**
 * The elected process's view of each session's login sync, in the data dir, so every other
 * process sharing it (the CLI, a second app) answers getLoginSync with the same rows. Holds
 * accounts, times and states only, never a token. Written atomically, read untrusted (zod).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { SessionLoginSync } from '../../shared/schemas/claude-login';
import { writeLoginFileAtomic } from './atomic-file';

const SharedState = z.object({
  updatedAt: z.string(),
  sessions: z.array(SessionLoginSync).max(10_000),
});
export type SharedState = z.infer<typeof SharedState>;

export async function readSharedState(file: string): Promise<SharedState | null> {
  try {
    const r = SharedState.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** Coalesces writes: the newest state wins, at most one write at a time. */
export class SharedStateWriter {
  private pending: SharedState | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly file: string) {}

  write(state: SharedState): void {
    this.pending = state;
    this.running ??= this.drain();
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const next = this.pending;
      this.pending = null;
      // Unchanged rows are not written again (a missing file counts as no rows): a process
      // with nothing to say leaves the data dir alone.
      const cur = await readSharedState(this.file);
      if (JSON.stringify(cur?.sessions ?? []) === JSON.stringify(next.sessions)) continue;
      await writeLoginFileAtomic(this.file, `${JSON.stringify(next)}\n`).catch(() => undefined);
    }
    this.running = null;
  }

  /** Resolves when the last state asked for is on disk. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }
}
