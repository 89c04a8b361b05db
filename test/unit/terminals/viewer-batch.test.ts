/**
 * What viewers get of a terminal's output (ViewerBatch, with StreamState following the
 * stream): a viewer fed the batches ends exactly like one fed every byte (screen, scrollback,
 * cursor, wrapped lines, pen), also when the flood has scroll regions, the alternate screen,
 * titles with line feeds and sequences split between reads in it; most of a plain flood is
 * never sent; a keystroke's echo goes out at once.
 */
import { describe, expect, it } from 'vitest';
import { exactView, headlessTerm, writeTerm } from '../../helpers/screen-compare';
import { ViewerBatch } from '../../../src/main/terminals/viewer-batch';

const COLS = 100;
const ROWS = 24;
const SCROLLBACK = 1000;

const term = () => headlessTerm(COLS, ROWS, SCROLLBACK);
const write = writeTerm;
const view = exactView;

const colored = (lines: number, from = 0) =>
  Array.from(
    { length: lines },
    (_, i) => `\x1b[3${(i + from) % 8}mline ${i + from} ${'x'.repeat((i * 7) % 140)}\x1b[0m`,
  ).join('\r\n') + '\r\n';

/**
 * Pushes each segment in reads of `size` (cutting sequences anywhere), yielding now and then;
 * after each segment what waits is sent (as an attach would make it), so the next one starts in
 * the state the segment left.
 */
async function run(segments: string[], size = 4096) {
  const text = segments.join('');
  const sent: string[] = [];
  const batch = new ViewerBatch(
    ROWS,
    () => SCROLLBACK,
    (d) => sent.push(d),
  );
  for (const seg of segments) {
    for (let i = 0, k = 0; i < seg.length; i += size, k++) {
      batch.push(seg.slice(i, i + size));
      if (k % 50 === 0) await new Promise((r) => setTimeout(r, 0));
    }
    if (segments.length > 1) batch.flush();
  }
  // The flood pauses: what waits goes out.
  await new Promise((r) => setTimeout(r, 300));
  batch.flush();
  const full = term();
  await write(full.t, text);
  const viewer = term();
  for (const d of sent) await write(viewer.t, d);
  expect(await view(viewer)).toEqual(await view(full));
  batch.dispose();
  return { sent: sent.reduce((n, d) => n + d.length, 0), skipped: batch.skipped };
}

describe('ViewerBatch', () => {
  it('does not send most of a plain flood, and the viewer ends exactly as with every byte', async () => {
    const text = colored(40_000) + '\x1b[1;32mLAST\x1b[0m$ ';
    const r = await run([text]);
    expect(r.skipped).toBeGreaterThan(text.length * 0.7);
    expect(r.sent).toBeLessThan(text.length * 0.3);
  });

  it('is exact around scroll regions, the alternate screen, titles and split sequences', async () => {
    // Each scenario on its own (a later flood would scroll a difference away). A region below
    // the top row, with the cursor at home, writes the rows above it before it scrolls: skipping
    // there would leave them wrong.
    const scenarios: string[][] = [
      [colored(2000), '\x1b[10;24r', colored(3000, 2000)],
      [colored(2000), '\x1b[10;24r', colored(100, 2000), '\x1b[r', colored(3000, 2100)],
      [colored(2000), '\x1b[12;24r\x1b[?1049h\x1b[?1049l\x1b[H', colored(3000, 2000)],
      [colored(2000), '\x1b[12;24r\x1b[!p', colored(3000, 2000)],
      [colored(2000), '\x1b[?1049h\x1b[H', colored(3000, 2000)],
      [colored(2000), '\x1b]0;a title\r\nwith line feeds', colored(3000, 2000) + '\x07'],
      [colored(2000), '\x1b[3', '1mred ' + colored(3000, 2000)],
    ];
    let skipped = 0;
    for (const segments of scenarios)
      for (const size of [4096, 300_001]) skipped += (await run(segments, size)).skipped;
    expect(skipped).toBeGreaterThan(0);
  });

  it('sends a keystroke’s echo at once', () => {
    const sent: string[] = [];
    const batch = new ViewerBatch(
      ROWS,
      () => SCROLLBACK,
      (d) => sent.push(d),
    );
    batch.push('a');
    expect(sent).toEqual(['a']);
    batch.dispose();
  });
});
