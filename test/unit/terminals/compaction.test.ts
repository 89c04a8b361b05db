/**
 * Skipping what a flood scrolls away must never change the screen: for random floods (plain
 * lines, colors, wide characters, wrapping, and every kind of sequence that must stop the
 * skipping), a terminal fed the compacted stream ends up exactly like one fed every byte:
 * same serialized screen and scrollback, cursor, wrapped-line flags, and the same pen (a
 * character printed afterwards has the same colors).
 */
import type { SerializeAddon } from '@xterm/addon-serialize';
import type { Terminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { headlessTerm, writeTerm } from '../../helpers/screen-compare';
import { planCompaction } from '../../../src/shared/terminal-compaction';

const COLS = 20;
const ROWS = 5;
const SCROLLBACK = 40;
const KEEP = SCROLLBACK + 2 * ROWS + 1;

const term = () => headlessTerm(COLS, ROWS, SCROLLBACK);
const write = writeTerm;

/** What the worker checks before planning (xterm internals). */
function compactable(t: Terminal): boolean {
  const core = (t as unknown as { _core: Core })._core;
  const buf = core._bufferService.buffer;
  return (
    core._inputHandler._parser.currentState === 0 &&
    buf.scrollTop === 0 &&
    buf.scrollBottom === t.rows - 1
  );
}
interface Core {
  _bufferService: { buffer: { scrollTop: number; scrollBottom: number } };
  _inputHandler: { _parser: { currentState: number } };
}

/** Feeds bursts the way the screen worker does; returns how many units were skipped. */
async function feedCompacted(t: Terminal, bursts: (string | Uint8Array)[]): Promise<number> {
  let skipped = 0;
  let lastC2 = false;
  for (const data of bursts) {
    const cuts = compactable(t) ? planCompaction(data, KEEP, lastC2) : [];
    let at = 0;
    for (const c of cuts) {
      expect(c.from).toBeGreaterThanOrEqual(at);
      await write(t, typeof data === 'string' ? data.slice(at, c.from) : data.subarray(at, c.from));
      await write(t, c.replacement);
      skipped += c.to - c.from;
      at = c.to;
    }
    await write(t, typeof data === 'string' ? data.slice(at) : data.subarray(at));
    if (typeof data !== 'string' && data.length) lastC2 = data[data.length - 1] === 0xc2;
  }
  return skipped;
}

async function view(x: { t: Terminal; ser: SerializeAddon }) {
  const b = x.t.buffer.active;
  const wrapped: number[] = [];
  for (let i = 0; i < b.length; i++) if (b.getLine(i)?.isWrapped) wrapped.push(i);
  const state = {
    type: b.type,
    cursor: [b.cursorX, b.cursorY, b.baseY],
    wrapped,
    serialized: x.ser.serialize(),
  };
  // The pen: a character printed now shows its colors and attributes.
  await write(x.t, 'Z');
  return { ...state, pen: x.ser.serialize().slice(-200) };
}

/** A small seeded PRNG (mulberry32), so a failure names a seed that reproduces it. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SGR = [
  '\x1b[31m',
  '\x1b[0m',
  '\x1b[m',
  '\x1b[1;4;7m',
  '\x1b[38;2;10;200;30m',
  '\x1b[4:3m',
  '\x1b[48;5;33m',
  '\x1b[58;5;9m',
  '\x1b[24m',
];
const WORDS = ['yes', 'build ok', 'warning: x', '世界', '🎉 done', 'é', 'a\tb', 'x'.repeat(45)];
/** Tokens that must end or stop the skipping. */
const BREAKERS = [
  '\x07',
  '\b',
  '\x0e',
  '\x0f',
  '\x0b',
  '\x1b[3A',
  '\x1b[2;3H',
  '\x1b]0;title\x07',
  '\x1b]8;;http://x\x1b\\',
  '\x1b[2;4r',
  '\x1b[r',
  '\x1b[?1049h',
  '\x1b[?1049l',
  '\x1b[4h',
  '\x1b[4l',
  '\x1b7',
  '\x1b8',
  '\x1bM',
  '\x1b(0',
  '\x1b(B',
  '\u009b1m',
  '\x1bP1$qm\x1b\\',
  '\x1b[?25l',
  '\x1b[20h',
  '\x1b[20l',
  '\x1bc',
  '\x1b[!p',
  '\x1b[2J',
  '\x1b[S',
  '\x1b[3L',
];

function flood(seed: number, lines: number, breakers = true): string {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  let s = '';
  for (let i = 0; i < lines; i++) {
    const roll = r();
    if (breakers && roll < 0.003) s += pick(BREAKERS);
    if (roll < 0.3) s += pick(SGR);
    s += pick(WORDS);
    if (roll > 0.9) s += '\x1b[K';
    if (roll > 0.97) s += pick(SGR) + pick(WORDS);
    s += r() < 0.97 ? '\r\n' : r() < 0.5 ? '\n' : '\r';
  }
  return s;
}

async function compare(bursts: (string | Uint8Array)[]): Promise<number> {
  const full = term();
  const compacted = term();
  for (const b of bursts) await write(full.t, b);
  const skipped = await feedCompacted(compacted.t, bursts);
  expect(await view(compacted)).toEqual(await view(full));
  full.t.dispose();
  compacted.t.dispose();
  return skipped;
}

describe('compaction', () => {
  it('skips most of a plain flood and leaves the screen exactly as parsing every byte', async () => {
    const text = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'y'.repeat(i % 30)}`).join(
      '\r\n',
    );
    const skipped = await compare([text]);
    expect(skipped).toBeGreaterThan(text.length * 0.8);
  });

  it('raw bytes: the same, and a C1 control split between two writes is never skipped past', async () => {
    const text = flood(7, 4000, false);
    const bytes = Buffer.from(text);
    expect(await compare([bytes])).toBeGreaterThan(bytes.length / 2);
    // "\u009b" is C2 9B in UTF-8: a CSI. Split right between its two bytes.
    const c1 = Buffer.from('\u009b31m');
    const cut = Buffer.concat([Buffer.from('a'), c1.subarray(0, 1)]);
    const rest = Buffer.concat([c1.subarray(1), Buffer.from(flood(8, 3000))]);
    await compare([cut, rest]);
  });

  it('colored output keeps its pen across the skipped part', async () => {
    const text = Array.from({ length: 2000 }, (_, i) => `\x1b[3${i % 8}mcolor ${i}\x1b[1m!`).join(
      '\r\n',
    );
    expect(await compare([text])).toBeGreaterThan(text.length / 2);
  });

  it('stops at sequences that change the scroll region or buffer, and is exact around them', async () => {
    for (const breaker of BREAKERS) {
      const before = flood(1, 800);
      const after = flood(2, 800);
      await compare([before + breaker + after]);
      await compare([breaker + before + after]);
    }
  });

  it('is exact on 200 random floods, in one burst and split into several', async () => {
    let skipped = 0;
    let total = 0;
    for (let seed = 100; seed < 300; seed++) {
      const text = flood(seed, 600 + (seed % 7) * 200);
      const r = rng(seed);
      const bytes = Buffer.from(text);
      const a = Math.floor(r() * bytes.length);
      const b = a + Math.floor(r() * (bytes.length - a));
      skipped += await compare(
        seed % 2 ? [text] : [bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)],
      );
      total += bytes.length;
    }
    // Most floods hit a breaker early on; enough of them are skipped in part to mean something.
    expect(skipped).toBeGreaterThan(total / 10);
  });

  it('without enough lines after it, nothing is skipped', () => {
    const text = Array.from({ length: KEEP }, (_, i) => `line ${i} ${'y'.repeat(200)}`).join(
      '\r\n',
    );
    expect(planCompaction(text, KEEP, false)).toEqual([]);
  });
});
