/**
 * The renderer's OutputQueue between the terminal's output events and xterm (@xterm/headless
 * stands in for the browser's xterm: the same parser and buffer). What a user would notice:
 * after a flood the screen, the scrollback, the cursor and the pen are exactly what parsing
 * every byte gives, whether or not a stretch was skipped; resizes apply in order with output;
 * every character is acknowledged in the end, and output that is not plain lines is never
 * acknowledged before xterm parsed it; an echo reaches xterm at once.
 */
import type { Terminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { exactView, headlessTerm, writeTerm } from '../../helpers/screen-compare';
import { OutputQueue } from '../../../src/renderer/src/components/terminal/output-queue';

const COLS = 100;
const ROWS = 24;
const SCROLLBACK = 1000;

const term = () => headlessTerm(COLS, ROWS, SCROLLBACK);
const write = writeTerm;
const view = exactView;

/** A queue on its own xterm, with the acks it sends and the writes xterm received. */
function viewer() {
  const x = term();
  const writes: number[] = [];
  const spy = {
    get cols() {
      return x.t.cols;
    },
    get rows() {
      return x.t.rows;
    },
    options: x.t.options,
    resize: (c: number, r: number) => x.t.resize(c, r),
    write: (d: string, cb?: () => void) => {
      writes.push(d.length);
      x.t.write(d, cb);
    },
    // The queue reads xterm's parser state through the real instance.
    _core: (x.t as unknown as { _core: unknown })._core,
  };
  let acked = 0;
  const q = new OutputQueue(spy, (n) => (acked += n));
  return { x, q, writes, acked: () => acked };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 2000 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

/** Pushes `text` in events of `size` characters, yielding between some (as a socket does). */
async function pushAll(q: OutputQueue, text: string, size = 100_000, yieldEvery = 3) {
  for (let i = 0, k = 0; i < text.length; i += size, k++) {
    q.push(text.slice(i, i + size));
    if (k % yieldEvery === 0) await tick();
  }
}

const colored = (lines: number, from = 0) =>
  Array.from(
    { length: lines },
    (_, i) => `\x1b[3${(i + from) % 8}mline ${i + from} ${'x'.repeat((i * 7) % 140)}\x1b[0m`,
  ).join('\r\n') + '\r\n';

describe('OutputQueue', () => {
  it('skips most of a plain flood, and the screen ends exactly as with every byte parsed', async () => {
    const text = colored(60_000) + '\x1b[1;32mLAST\x1b[0m$ ';
    const ref = term();
    await write(ref.t, text);
    const v = viewer();
    await pushAll(v.q, text);
    await until(() => v.acked() === text.length && v.q.idle, 'every character acked and parsed');
    expect(await view(v.x)).toEqual(await view(ref));
    // Far less than the flood was parsed: what it scrolled by unseen was skipped.
    expect(v.q.skipped).toBeGreaterThan(text.length * 0.5);
    expect(v.writes.reduce((a, b) => a + b, 0)).toBeLessThan(text.length * 0.5);
  });

  it('is exact for output with cursor movement and titles, and acks it only once parsed', async () => {
    let text = '';
    for (let i = 0; i < 20_000; i++) {
      text += `row ${i}\r\n`;
      if (i % 97 === 0) text += `\x1b]0;title ${i}\x07\x1b[2;5H\x1b[K moved ${i}\x1b[${ROWS};1H`;
      if (i % 1000 === 500) text += '\x1b[?1049h\x1b[Halt\x1b[?1049l';
    }
    const ref = term();
    await write(ref.t, text);
    const v = viewer();
    let parsed = 0;
    const origWrite = v.x.t.write.bind(v.x.t);
    let over = 0;
    // Count what xterm has parsed, and check the acks against it at every ack.
    (v.x.t as { write: Terminal['write'] }).write = (d: string | Uint8Array, cb?: () => void) =>
      origWrite(d, () => {
        parsed += d.length;
        cb?.();
      });
    const q = new OutputQueue(
      {
        get cols() {
          return v.x.t.cols;
        },
        get rows() {
          return v.x.t.rows;
        },
        options: v.x.t.options,
        resize: (c, r) => v.x.t.resize(c, r),
        write: (d, cb) => v.x.t.write(d, cb),
      },
      (n) => {
        acked += n;
        // Credit is given only for plain lines waiting: a stop near the end of each event
        // keeps it small, never more than one event ahead of the parse.
        over = Math.max(over, acked - parsed);
      },
      () => null, // no access to xterm's state: nothing skipped, nothing acked ahead
    );
    let acked = 0;
    await pushAll(q, text, 50_000);
    await until(() => acked === text.length, 'every character acked');
    expect(over).toBeLessThanOrEqual(0);
    expect(await view(v.x)).toEqual(await view(ref));
  });

  it('applies the terminal’s resizes in order with its output', async () => {
    const a = colored(3000);
    const b = colored(3000, 3000);
    const ref = term();
    await write(ref.t, a);
    ref.t.resize(70, 30);
    await write(ref.t, b);
    const v = viewer();
    await pushAll(v.q, a, 30_000, 1000);
    v.q.pushResize(70, 30);
    await pushAll(v.q, b, 30_000, 1000);
    await until(() => v.acked() === a.length + b.length && v.q.idle, 'all acked and parsed');
    expect(await view(v.x)).toEqual(await view(ref));
  });

  it('hands an echo to xterm at once, and a reset drops what waits', async () => {
    const v = viewer();
    v.q.push('$ ');
    expect(v.writes).toEqual([2]);
    v.q.push('a'); // xterm is busy with the first write: this one waits for it
    expect(v.writes).toEqual([2]);
    await until(() => v.acked() === 3, 'both acked');
    expect(v.writes).toEqual([2, 1]);
    v.q.push('lost');
    v.q.push('more');
    // As the controller does on a new attach: what waits goes, xterm finishes its write first.
    await v.q.reset();
    v.x.t.reset();
    v.q.pushSnapshot('fresh');
    await until(() => v.writes.length === 4, 'the snapshot written');
    await write(v.x.t, '');
    expect(v.writes).toEqual([2, 1, 4, 5]);
    expect(v.x.t.buffer.active.getLine(0)?.translateToString(true)).toBe('fresh');
  });
});
