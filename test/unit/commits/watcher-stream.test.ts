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
    bundleAnswerMs: 50,
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
    await expect(lost).rejects.toThrow(/did not answer/);
    await tick();
    expect(h.ends).toHaveLength(1);
  });
});
