/**
 * The data dir's locks across real processes: a counter file incremented under the lock by two
 * processes at once loses no increment; a lease held by a process that was killed -9 passes to
 * the next process that asks, and never while its holder lives.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessLease, processAlive, thisProcess } from '../../../src/main/app/process-lock';

const LOCK_MODULE = resolve(__dirname, '../../../src/main/app/process-lock.ts');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ccr-lock-'));
  dirs.push(d);
  return d;
}

/** A node process running `body` (an async function body with `lock` = the module). */
function child(body: string): ChildProcess & { output: Promise<string>; lines: string[] } {
  const code = `import(${JSON.stringify(LOCK_MODULE)}).then(async (m) => { const lock = m.default ?? m; ${body} });`;
  const p = spawn(process.execPath, ['--import', 'tsx', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  }) as ChildProcess & { output: Promise<string>; lines: string[] };
  children.push(p);
  p.lines = [];
  let text = '';
  p.stdout!.on('data', (d: Buffer) => {
    text += d.toString();
    p.lines = text.split('\n').filter(Boolean);
  });
  p.output = new Promise((res) => p.on('exit', () => res(text)));
  return p;
}

describe('locks shared by processes', () => {
  it('two processes incrementing a file under the lock lose no increment', async () => {
    const dir = tempDir();
    const counter = join(dir, 'counter');
    writeFileSync(counter, '0');
    const body = `
      const fs = await import('node:fs/promises');
      for (let i = 0; i < 40; i++) {
        await lock.withFileLock(${JSON.stringify(join(dir, 'c.lock'))}, async () => {
          const n = Number(await fs.readFile(${JSON.stringify(counter)}, 'utf8'));
          await new Promise((r) => setImmediate(r));
          await fs.writeFile(${JSON.stringify(counter)}, String(n + 1));
        });
      }
      console.log('done');`;
    const a = child(body);
    const b = child(body);
    await Promise.all([a.output, b.output]);
    expect(a.lines).toEqual(['done']);
    expect(b.lines).toEqual(['done']);
    expect(readFileSync(counter, 'utf8')).toBe('80');
  }, 60_000);

  it('a lease passes on only once its holder is dead (killed -9)', async () => {
    const dir = tempDir();
    const path = join(dir, 'importer.lock');
    const holder = child(`
      const lease = new lock.ProcessLease(${JSON.stringify(path)});
      console.log(await lease.tryAcquire() ? 'held' : 'refused');
      setInterval(() => {}, 1000);`);
    await expect.poll(() => holder.lines, { timeout: 30_000 }).toEqual(['held']);
    const mine = new ProcessLease(path);
    expect(await mine.tryAcquire()).toBe(false);
    expect((await mine.holder())?.pid).toBe(holder.pid);
    holder.kill('SIGKILL');
    await holder.output;
    expect(await mine.tryAcquire()).toBe(true);
    expect((await mine.holder())?.pid).toBe(process.pid);
    // Released: the next process gets it at once.
    await mine.release();
    const next = child(`
      const lease = new lock.ProcessLease(${JSON.stringify(path)});
      console.log(await lease.tryAcquire() ? 'held' : 'refused');`);
    await next.output;
    expect(next.lines).toEqual(['held']);
  }, 60_000);

  it('tells a live process from a dead one and from a reused pid', () => {
    expect(processAlive(thisProcess())).toBe(true);
    expect(processAlive({ ...thisProcess(), pid: 2 ** 22 + 1 })).toBe(false);
    if (thisProcess().since !== undefined)
      expect(processAlive({ ...thisProcess(), since: '1' })).toBe(false);
  });
});
