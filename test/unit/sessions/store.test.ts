import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionStore } from '../../../src/main/sessions/store';
import { record } from './records';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ccr-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('session store', () => {
  it('round-trips records and leaves no temp or lock files behind', async () => {
    const dir = tempDir();
    const store = new SessionStore(dir);
    expect(await store.load()).toEqual({ sessions: [] });
    await Promise.all([
      store.update((list) => [...list, record('s1')]),
      store.update((list) => [...list, record('s2')]),
    ]);
    const again = await new SessionStore(dir).load();
    expect(again.sessions.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(readdirSync(dir)).toEqual(['sessions.json']);
  });

  it('keeps every record when two stores on one folder add records at the same time', async () => {
    const dir = tempDir();
    const a = new SessionStore(dir);
    const b = new SessionStore(dir);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).update((list) => [...list, record(`s${i}`)]),
      ),
    );
    const ids = (await new SessionStore(dir).load()).sessions.map((s) => s.id).sort();
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `s${i}`).sort());
  });

  it('notices a change another store made, and not its own', async () => {
    const dir = tempDir();
    const a = new SessionStore(dir);
    const b = new SessionStore(dir);
    await a.update((list) => [...list, record('s1')]);
    expect(await a.changedSinceSeen()).toBe(false);
    await b.load();
    await b.update((list) => [...list, record('s2')]);
    expect(await a.changedSinceSeen()).toBe(true);
    expect(await b.changedSinceSeen()).toBe(false);
  });

  it('moves a corrupt store aside and reports it instead of emptying it silently', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'sessions.json'), '{"schemaVersion":1,"sessions":[{"id":');
    const result = await new SessionStore(dir).load();
    expect(result.sessions).toEqual([]);
    expect(result.problem?.message).toMatch(/not valid JSON/);
    expect(readFileSync(result.problem!.movedTo, 'utf8')).toContain('"sessions"');
  });

  it('keeps the good records when some are unreadable, and keeps the original aside', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'sessions.json'),
      JSON.stringify({ schemaVersion: 1, sessions: [record('ok1'), { id: 'broken' }] }),
    );
    const result = await new SessionStore(dir).load();
    expect(result.sessions.map((s) => s.id)).toEqual(['ok1']);
    expect(result.problem?.message).toMatch(/1 unreadable/);
    expect(readFileSync(result.problem!.movedTo, 'utf8')).toContain('broken');
    expect((await new SessionStore(dir).load()).problem).toBeUndefined();
  });

  it('does not overwrite a store written by a newer app version', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'sessions.json'), JSON.stringify({ schemaVersion: 99, sessions: [] }));
    const result = await new SessionStore(dir).load();
    expect(result.problem?.message).toMatch(/newer version/);
  });
});
