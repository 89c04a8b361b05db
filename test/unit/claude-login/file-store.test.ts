/**
 * The host credentials file: written whole or not at all (temp file, fsync, rename; 0600),
 * decided under a lock file after reading it again, and a writer killed with SIGKILL at any
 * moment leaves the old file or the new one, never part of one; the next writer takes over
 * its lock and removes its temp file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockPathOf } from '../../../src/main/claude-login/atomic-file';
import { FileLoginStore, previousLoginPath } from '../../../src/main/claude-login/host-store';
import { loginText } from '../../helpers/login-fixture';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ccr-login-file-'));
  dirs.push(d);
  return d;
}

describe('FileLoginStore', () => {
  it('writes the file 0600 in a 0700 folder it creates, and reads it back', async () => {
    const dir = join(tempDir(), '.claude');
    const store = new FileLoginStore(join(dir, '.credentials.json'));
    expect(await store.read()).toEqual({ state: 'missing' });
    const text = loginText('tok-1', 1_900_000_000_000);
    expect((await store.update(() => text)).written).toBe(true);
    expect(await store.read()).toEqual({ state: 'ok', text });
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir)).toEqual(['.credentials.json']); // no lock, no temp file left
  });

  it('with no login on the host, deciding to write nothing makes no folder and no lock', async () => {
    const home = tempDir();
    const store = new FileLoginStore(join(home, '.claude', '.credentials.json'));
    expect(await store.update(() => null)).toEqual({
      before: { state: 'missing' },
      written: false,
    });
    expect(readdirSync(home)).toEqual([]);
  });

  it('keeps the copy a sync replaced next to it (0600), so a bad login can be undone', async () => {
    const store = new FileLoginStore(join(tempDir(), '.credentials.json'));
    const first = loginText('tok-1', 1_900_000_000_000);
    const second = loginText('tok-2', 1_900_000_100_000);
    await store.update(() => first);
    await store.update(() => second);
    expect(readFileSync(store.path, 'utf8')).toBe(second);
    expect(readFileSync(previousLoginPath(store.path), 'utf8')).toBe(first);
    expect(statSync(previousLoginPath(store.path)).mode & 0o777).toBe(0o600);
  });

  it('updates take turns: none is lost when many run at once', async () => {
    const store = new FileLoginStore(join(tempDir(), '.credentials.json'));
    await store.update(() => '0');
    await Promise.all(
      Array.from({ length: 25 }, () =>
        store.update((cur) => String(Number(cur.state === 'ok' ? cur.text : 'NaN') + 1)),
      ),
    );
    expect(await store.read()).toEqual({ state: 'ok', text: '25' });
  });

  it('a lock left by a dead process is taken over', async () => {
    const dir = tempDir();
    const store = new FileLoginStore(join(dir, '.credentials.json'));
    // pid 2^22-1 is above Linux's default pid_max: nobody runs there.
    writeFileSync(lockPathOf(store.path), JSON.stringify({ pid: 4194303, host: hostname() }));
    expect((await store.update(() => 'x')).written).toBe(true);
  });

  it('a writer killed with SIGKILL mid-write never leaves a partial file', async () => {
    const dir = tempDir();
    const big = (tag: string) =>
      JSON.stringify({
        claudeAiOauth: { accessToken: tag, expiresAt: 1, pad: tag.repeat(2_000_000) },
      });
    const texts = [big('A'), big('B')];
    writeFileSync(join(dir, 'a'), texts[0]!);
    writeFileSync(join(dir, 'b'), texts[1]!);
    const file = join(dir, '.credentials.json');
    const script = resolve(__dirname, 'fixtures/write-loop.ts');
    let kills = 0;
    for (let round = 0; round < 10; round++) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', script, dir, join(dir, 'a'), join(dir, 'b')],
        {
          cwd: resolve(__dirname, '../../..'),
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      // Killed at a random moment once it is writing in a loop (a write of 2 MB takes a while).
      await new Promise<void>((done) => {
        child.stdout!.once('data', () => {
          setTimeout(() => {
            child.kill('SIGKILL');
            kills++;
          }, Math.random() * 60);
        });
        child.on('exit', () => done());
      });
      const now = readFileSync(file, 'utf8');
      expect(texts).toContain(now);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    expect(kills).toBe(10);
    // The next writer takes over the dead one's lock and clears its temp files.
    const store = new FileLoginStore(file);
    expect((await store.update(() => texts[0]!)).written).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['.credentials.json', 'a', 'b']);
  }, 120_000);
});
