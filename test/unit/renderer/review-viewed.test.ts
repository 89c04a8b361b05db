/**
 * Viewed marks of the review, as windows see them. The app keeps them with the session's review
 * (a real ReviewService over a temp data dir, its handlers behind the in-process binding, which
 * checks calls and events as IPC and WebSocket do). Two windows are two copies of the renderer's
 * store (modules loaded twice), each with its own client: a mark made in one shows in the other
 * within a second; a third client on another process (a second service on the same data dir)
 * is seen through that process's poll. Marks are per commit, survive a new process, and a file
 * whose change differs from the one marked (the whole session after the agent's next commit)
 * shows as not viewed. Marks a window kept in localStorage before are moved to the app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../../src/main/events';
import { reviewHandlers } from '../../../src/main/review';
import { ReviewService } from '../../../src/main/review/service';
import { createLocalApi } from '../../../src/main/transport/local';
import { silentLog } from '../../../src/main/transport/log';
import type { Handlers } from '../../../src/shared/contract';
import type { DiffFile } from '../../../src/shared/schemas/commits';
import type { SessionInfo } from '../../../src/shared/schemas/session';

const legacy = new Map<string, string>();
(globalThis as { localStorage?: unknown }).localStorage = {
  getItem: (k: string) => legacy.get(k) ?? null,
  setItem: (k: string, v: string) => void legacy.set(k, v),
  removeItem: (k: string) => void legacy.delete(k),
};

const SESSION = 'f00d0042';
const session = {
  id: SESSION,
  folder: '/nowhere',
  branch: 'claude/x',
  status: 'running',
} as unknown as SessionInfo;

const file = (path: string, insertions = 1): DiffFile => ({
  path,
  status: 'modified',
  binary: false,
  insertions,
  deletions: 0,
  oldSize: 10,
  newSize: 10 + insertions,
});

/** One app process on `dataDir`: its review service and a client per window. */
function host(dataDir: string, pollMs = 0) {
  const bus = new EventBus();
  const svc = new ReviewService({
    dataDir,
    bus,
    getSession: async (id) => (id === SESSION ? session : null),
    getEngine: async () => {
      throw new Error('no engine here');
    },
    terminals: { list: () => [], write: () => undefined },
    feedback: async () => ({ mode: 'paste' }),
    pollMs,
  });
  const core = { handlers: reviewHandlers(svc) as unknown as Handlers, bus };
  return { svc, client: () => createLocalApi(core, silentLog) };
}

/** A window: its own copy of the renderer's store, talking to `client`. */
async function openWindow(client: ReturnType<ReturnType<typeof host>['client']>) {
  vi.resetModules();
  const ctx = await import('../../../src/renderer/src/api-context');
  ctx.setApi(client);
  return import('../../../src/renderer/src/stores/review-viewed');
}

describe('review viewed marks', () => {
  let dataDir: string;
  const disposers: Array<() => void> = [];
  beforeEach(() => {
    legacy.clear();
    dataDir = mkdtempSync(join(tmpdir(), 'ccr-viewed-'));
  });
  afterEach(() => {
    for (const d of disposers.splice(0)) d();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a mark in the other windows within a second, per commit, kept by the app', async () => {
    const app = host(dataDir, 50);
    disposers.push(() => app.svc.dispose());
    const a = await openWindow(app.client());
    const b = await openWindow(app.client());
    const f = file('src/a.ts');
    // Both windows look at commit c1 (the first read asks the app).
    expect(a.isViewed(a.readMarks(SESSION, 'c1'), f)).toBe(false);
    expect(b.isViewed(b.readMarks(SESSION, 'c1'), f)).toBe(false);

    a.useViewed.getState().set(SESSION, 'c1', [f], true);
    // At once where it was clicked, within a second in the other window.
    expect(a.isViewed(a.readMarks(SESSION, 'c1'), f)).toBe(true);
    await vi.waitFor(() => expect(b.isViewed(b.readMarks(SESSION, 'c1'), f)).toBe(true), {
      timeout: 1000,
    });
    // Another commit has its own marks.
    expect(b.isViewed(b.readMarks(SESSION, 'c2'), f)).toBe(false);
    // The same path with another change (more lines since): not viewed.
    expect(b.isViewed(b.readMarks(SESSION, 'c1'), file('src/a.ts', 5))).toBe(false);

    b.useViewed.getState().set(SESSION, 'c1', [f], false);
    await vi.waitFor(() => expect(a.isViewed(a.readMarks(SESSION, 'c1'), f)).toBe(false), {
      timeout: 1000,
    });

    // Another process on the same data dir (the CLI's web mode beside the desktop app).
    const other = host(dataDir);
    disposers.push(() => other.svc.dispose());
    const c = await openWindow(other.client());
    const g = file('docs/guide.md');
    c.useViewed.getState().set(SESSION, 'c1', [g], true);
    await vi.waitFor(() => expect(a.isViewed(a.readMarks(SESSION, 'c1'), g)).toBe(true), {
      timeout: 2000,
    });

    // A restart reads them back.
    const later = host(dataDir);
    disposers.push(() => later.svc.dispose());
    expect(await later.client().getViewedMarks({ sessionId: SESSION, scope: 'c1' })).toEqual({
      sessionId: SESSION,
      scope: 'c1',
      marks: { 'docs/guide.md': c.fingerprint(g) },
    });
  });

  it("moves a window's old localStorage marks to the app", async () => {
    const f = file('src/a.ts');
    const app = host(dataDir);
    disposers.push(() => app.svc.dispose());
    const a = await openWindow(app.client());
    legacy.set(
      'ccr.reviewViewed:' + SESSION,
      JSON.stringify({ scopes: { c1: { 'src/a.ts': a.fingerprint(f) } } }),
    );
    a.readMarks(SESSION, 'c1');
    await vi.waitFor(async () =>
      expect(
        (await app.client().getViewedMarks({ sessionId: SESSION, scope: 'c1' })).marks,
      ).toEqual({ 'src/a.ts': a.fingerprint(f) }),
    );
    expect(a.isViewed(a.readMarks(SESSION, 'c1'), f)).toBe(true);
    expect(legacy.size).toBe(0);
  });

  it('refuses marks for a session that does not exist and scopes that are not one', async () => {
    const app = host(dataDir);
    disposers.push(() => app.svc.dispose());
    const client = app.client();
    await expect(
      client.setViewedMarks({ sessionId: 'f00d0043', scope: 'c1', marks: { a: 'x' } }),
    ).rejects.toMatchObject({ code: 'session-not-found' });
    await expect(
      client.getViewedMarks({ sessionId: SESSION, scope: '../../etc' }),
    ).rejects.toThrow();
  });
});
