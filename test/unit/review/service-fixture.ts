/** A ReviewService over a temp data dir and a real repo, with no engine. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '../../../src/main/events';
import { ReviewService } from '../../../src/main/review/service';
import type { SessionInfo } from '../../../src/shared/schemas/session';

export function reviewService(session: SessionInfo, dataDir?: string) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'ccr-review-data-'));
  const bus = new EventBus();
  const events: unknown[] = [];
  bus.subscribe((name, payload) => {
    if (name === 'reviewChanged') events.push(payload);
  });
  const svc = new ReviewService({
    dataDir: dir,
    bus,
    getSession: async (id) => (id === session.id ? session : null),
    getEngine: async () => {
      throw new Error('no engine in unit tests');
    },
    terminals: { list: () => [], write: () => undefined },
    feedback: async () => ({ mode: 'paste' }),
    pollMs: 0,
  });
  return {
    svc,
    bus,
    events,
    dataDir: dir,
    cleanup() {
      svc.dispose();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
