/**
 * Review comments are stored with the session in the data dir: two stores (two processes) adding
 * at once both keep their comments; a corrupt file is moved aside and reported, never a crash;
 * another store's change is noticed.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReviewStore, type StoreProblem } from '../../../src/main/review/store';
import type { ReviewComment } from '../../../src/shared/schemas/review';

const comment = (i: number, who: string): ReviewComment => ({
  id: `${who}-comment-${i}`,
  sessionId: 's-1',
  anchor: { kind: 'session' },
  body: `${who} ${i}`,
  quote: [],
  state: 'draft',
  createdAt: '',
  updatedAt: '',
  outdated: false,
});

describe('ReviewStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ccr-review-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('two stores adding concurrently keep every comment', async () => {
    const a = new ReviewStore(dir);
    const b = new ReviewStore(dir);
    const adds: Promise<unknown>[] = [];
    for (let i = 0; i < 15; i++) {
      for (const [s, who] of [
        [a, 'a'],
        [b, 'b'],
      ] as const) {
        adds.push(s.update('s-1', (d) => ({ ...d, comments: [...d.comments, comment(i, who)] })));
      }
    }
    await Promise.all(adds);
    const all = (await new ReviewStore(dir).read('s-1')).comments.map((c) => c.id);
    expect(all).toHaveLength(30);
    expect(new Set(all).size).toBe(30);
  });

  it("forgets a removed session's comments, for every store on the data dir", async () => {
    await new ReviewStore(dir).update('s-1', (d) => ({ ...d, comments: [comment(1, 'x')] }));
    const other = { ...comment(2, 'y'), sessionId: 's-2' };
    await new ReviewStore(dir).update('s-2', (d) => ({ ...d, comments: [other] }));
    await new ReviewStore(dir).forget('s-1');
    expect((await new ReviewStore(dir).read('s-1')).comments).toEqual([]);
    expect((await new ReviewStore(dir).read('s-2')).comments).toHaveLength(1);
  });

  it('drafts survive a new store (an app restart)', async () => {
    await new ReviewStore(dir).update('s-1', (d) => ({ ...d, comments: [comment(1, 'x')] }));
    expect((await new ReviewStore(dir).read('s-1')).comments[0]!.body).toBe('x 1');
  });

  it('moves a corrupt file aside, reports it, and starts empty', async () => {
    mkdirSync(join(dir, 'review'));
    writeFileSync(join(dir, 'review', 's-1.json'), '{"schemaVersion": 1, "comm');
    const problems: StoreProblem[] = [];
    const store = new ReviewStore(dir, (p) => problems.push(p));
    expect((await store.read('s-1')).comments).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('not valid JSON');
    expect(existsSync(problems[0]!.movedTo)).toBe(true);
    // Writing works again afterwards.
    await store.update('s-1', (d) => ({ ...d, comments: [comment(1, 'y')] }));
    expect((await store.read('s-1')).comments).toHaveLength(1);
  });

  it('keeps the readable comments of a file with a bad one (the original is kept aside)', async () => {
    mkdirSync(join(dir, 'review'));
    const good = comment(1, 'ok');
    const body = { schemaVersion: 1, followedTip: null, queued: null, comments: [good, { id: 1 }] };
    writeFileSync(join(dir, 'review', 's-1.json'), JSON.stringify(body));
    const problems: StoreProblem[] = [];
    const store = new ReviewStore(dir, (p) => problems.push(p));
    expect((await store.read('s-1')).comments).toEqual([good]);
    expect(problems[0]!.message).toContain('1 comment(s) could not be read');
    expect(readdirSync(join(dir, 'review')).some((n) => n.includes('.corrupt-'))).toBe(true);
  });

  it("notices another store's change", async () => {
    const a = new ReviewStore(dir);
    const b = new ReviewStore(dir);
    await a.read('s-1');
    expect(await a.changedSinceSeen()).toEqual([]);
    await b.update('s-1', (d) => ({ ...d, comments: [comment(1, 'b')] }));
    expect(await a.changedSinceSeen()).toEqual(['s-1']);
    await a.read('s-1');
    expect(await a.changedSinceSeen()).toEqual([]);
  });
});
