/**
 * The watcher's output is one byte stream carrying state lines and framed bundles; chunks can
 * split anywhere (the engines do so under load). These cases pin the framing at awkward
 * boundaries, which the real engines cannot be made to produce on demand.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BranchWatcher, type WatchState } from '../../../src/main/commits/watcher';
import type { Engine, ExecStream } from '../../../src/main/engine/types';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

function harness() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  const written: string[] = [];
  stdin.on('data', (c: Buffer) => written.push(c.toString()));
  let end: (code: number) => void = () => {};
  const exec: ExecStream = {
    id: 'x',
    stdout,
    stderr,
    stdin,
    resize: async () => {},
    wait: () => new Promise<number>((r) => (end = r)),
    close: () => end(137),
  };
  const engine = { execStream: async () => exec } as unknown as Engine;
  const states: WatchState[] = [];
  const ends: string[] = [];
  const watcher = new BranchWatcher({
    engine,
    containerId: 'c',
    user: '',
    workdir: '/workspace',
    branch: 'claude/x',
    onState: (s) => states.push(s),
    onEnd: (r) => ends.push(r),
    bundleStallMs: 50,
  });
  return { watcher, stdout, written, states, ends, end: (code: number) => end(code) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('watcher stream', () => {
  it('reads state lines split across chunks', async () => {
    const h = harness();
    await h.watcher.start();
    h.stdout.write(`state ${A} ref: refs/he`);
    h.stdout.write(`ads/claude/x\nstate ${B} ref: refs/heads/claude/x\nstate `);
    await tick();
    expect(h.states.map((s) => s.tip)).toEqual([A, B]);
  });

  it('receives a framed bundle between state lines, byte for byte', async () => {
    const h = harness();
    await h.watcher.start();
    const dest = join(mkdtempSync(join(tmpdir(), 'ccr-w-')), 'b.bundle');
    const payload = Buffer.from('# v2 git bundle\n\nPACK\n\nstate lines inside are data\n\0\xff');
    const got = h.watcher.requestBundle([A, 'not-a-hash'], dest, 1 << 20);
    await tick();
    expect(h.written.join('')).toBe(`bundle ${A}\n`);
    const framed = Buffer.concat([
      Buffer.from(`bundle-begin ${payload.length}\n`),
      payload,
      Buffer.from(`state ${B} ref: refs/heads/claude/x\n`),
    ]);
    for (let i = 0; i < framed.length; i += 7) h.stdout.write(framed.subarray(i, i + 7));
    expect(await got).toBe(payload.length);
    expect(readFileSync(dest)).toEqual(payload);
    await tick();
    expect(h.states.map((s) => s.tip)).toEqual([B]);
  });

  it('fails the request on an error line, an impossible size or the watcher ending', async () => {
    const h = harness();
    await h.watcher.start();
    const dir = mkdtempSync(join(tmpdir(), 'ccr-w-'));
    const e1 = h.watcher.requestBundle([], join(dir, '1'), 100);
    h.stdout.write('bundle-error failed\n');
    await expect(e1).rejects.toMatchObject({ code: 'bundle-failed' });
    const e2 = h.watcher.requestBundle([], join(dir, '2'), 100);
    h.stdout.write('bundle-begin 999999\n');
    await expect(e2).rejects.toThrow(/impossible size/);
    const h2 = harness();
    await h2.watcher.start();
    const e3 = h2.watcher.requestBundle([], join(dir, '3'), 100);
    h2.stdout.write('bundle-begin 50\nonly part');
    h2.end(1);
    await expect(e3).rejects.toMatchObject({ code: 'bundle-failed' });
    expect(h2.ends).toHaveLength(1);
  });

  it('gives up on an unanswered request and drops the out-of-step channel', async () => {
    const h = harness();
    await h.watcher.start();
    const lost = h.watcher.requestBundle([], join(mkdtempSync(join(tmpdir(), 'ccr-w-')), 'x'), 100);
    await expect(lost).rejects.toThrow(/no progress making it/);
    await tick();
    expect(h.ends).toHaveLength(1);
  });

  // A big commit on a busy machine: git takes many times the stall limit (50 ms here) to make
  // the bundle, but keeps reporting progress, so the request is not dropped.
  it('waits as long as the bundle keeps making progress, then receives it', async () => {
    const h = harness();
    await h.watcher.start();
    const dest = join(mkdtempSync(join(tmpdir(), 'ccr-w-')), 'slow');
    const got = h.watcher.requestBundle([], dest, 1 << 20);
    for (let n = 0; n < 12; n++) {
      h.stdout.write(`bundle-progress ${n * 100}\n`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const payload = Buffer.from('# v2 git bundle\n\nPACK');
    h.stdout.write(`bundle-begin ${payload.length}\n`);
    // The bytes themselves trickle in: each chunk is progress too.
    for (let i = 0; i < payload.length; i += 4) {
      h.stdout.write(payload.subarray(i, i + 4));
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await got).toBe(payload.length);
    expect(readFileSync(dest)).toEqual(payload);
    expect(h.ends).toEqual([]);
  });

  it('gives up when the progress figure stops moving, or the bytes stop coming', async () => {
    const h = harness();
    await h.watcher.start();
    const dir = mkdtempSync(join(tmpdir(), 'ccr-w-'));
    const stuck = h.watcher.requestBundle([], join(dir, 'a'), 100);
    const repeat = setInterval(() => h.stdout.write('bundle-progress 7\n'), 10);
    await expect(stuck).rejects.toThrow(/no progress making it/);
    clearInterval(repeat);
    const h2 = harness();
    await h2.watcher.start();
    const cut = h2.watcher.requestBundle([], join(dir, 'b'), 100);
    h2.stdout.write('bundle-begin 50\nonly part');
    await expect(cut).rejects.toThrow(/no progress sending it/);
  });
});
