import { describe, expect, it } from 'vitest';
import { InlineScreen } from '../../../src/main/terminals/screen';
import { WorkerScreen } from '../../../src/main/terminals/screen-worker';
import { SCREEN_WINDOW_BYTES } from '../../../src/main/terminals/screen-worker-source';

const output = [
  '\x1b[1;31mred bold\x1b[0m plain 世界 🎉\r\n',
  'x'.repeat(500),
  '\r\n\x1b[?1049h\x1b[2J\x1b[3;4H\x1b[44m box \x1b[0m',
];

describe('screens', () => {
  it('the worker screen parses off-thread and serializes exactly like the inline one', async () => {
    const inline = new InlineScreen(40, 10, 100);
    const worker = new WorkerScreen(40, 10, 100);
    let parsedCalls = 0;
    worker.onParsed = () => parsedCalls++;
    for (const s of [inline, worker]) {
      s.write(output[0]!);
      s.resize(30, 8);
      s.write(output[1]!);
      s.write(output[2]!);
    }
    const [a, b] = await Promise.all([inline.snapshot(), worker.snapshot()]);
    expect(worker.inWorker).toBe(true);
    expect(b).toEqual(a);
    expect(a).toMatchObject({ cols: 30, rows: 8 });
    expect(a.serialized).toContain('\x1b[?1049h');
    expect(worker.pending).toBe(0);
    expect(parsedCalls).toBeGreaterThan(0);
    inline.dispose();
    worker.dispose();
  });

  it('raw bytes, with characters split between writes, give the same screen as text', async () => {
    const text = output.join('');
    const bytes = Buffer.from(text);
    const split = bytes.indexOf(Buffer.from('世')) + 1; // inside the three bytes of 世
    const fromText = new InlineScreen(40, 10, 100);
    fromText.write(text);
    for (const raw of [new InlineScreen(40, 10, 100), new WorkerScreen(40, 10, 100)]) {
      // After the worker is ready, bytes are moved to it: wait for that with a first snapshot.
      await raw.snapshot();
      raw.write(bytes.subarray(0, split));
      raw.write(bytes.subarray(split));
      expect(await raw.snapshot()).toEqual(await fromText.snapshot());
      expect(raw.pending).toBe(0);
      raw.dispose();
    }
    fromText.dispose();
  });

  it('screens sharing worker threads stay apart', async () => {
    const texts = ['first \x1b[31mred', 'second\r\n\x1b[?1049hfull', 'third 世界'];
    const workers = texts.map(() => new WorkerScreen(30, 5, 50));
    const inlines = texts.map(() => new InlineScreen(30, 5, 50));
    texts.forEach((t, i) => {
      workers[i]!.write(t);
      inlines[i]!.write(t);
    });
    const got = await Promise.all(workers.map((w) => w.snapshot()));
    const want = await Promise.all(inlines.map((w) => w.snapshot()));
    expect(got).toEqual(want);
    expect(new Set(got.map((g) => g.serialized)).size).toBe(3);
    for (const s of [...workers, ...inlines]) s.dispose();
  });

  it('a flood in the worker skips what scrolls away and ends exactly like parsing every byte', async () => {
    const inline = new InlineScreen(80, 24, 1000);
    const worker = new WorkerScreen(80, 24, 1000);
    await worker.snapshot();
    const lines = Array.from(
      { length: 250_000 },
      (_, i) => `\x1b[3${i % 8}mline ${i}\x1b[0m ${'y'.repeat(i % 120)}`,
    );
    const bytes = Buffer.from(lines.join('\r\n'));
    for (let i = 0; i < bytes.length; i += 65536) {
      const chunk = bytes.subarray(i, i + 65536);
      inline.write(chunk);
      worker.write(chunk);
    }
    const [a, b] = await Promise.all([inline.snapshot(), worker.snapshot()]);
    expect(b).toEqual(a);
    expect(a.serialized).toContain('line 249999');
    // More than the 8 MB window: bursts hand their unskipped ends on to the next, so nearly all
    // of it was never parsed.
    expect(bytes.length).toBeGreaterThan(2 * SCREEN_WINDOW_BYTES);
    expect(worker.skipped).toBeGreaterThan(bytes.length * 0.9);
    expect(worker.pending).toBe(0);
    inline.dispose();
    worker.dispose();
  });
});

describe('wide characters', () => {
  it('emoji take two cells in the app screen as in the viewer (Unicode 11 widths)', async () => {
    // Six rockets need 12 cells: on a 10-column screen the sixth wraps. The cursor is put back
    // on the '|' after it; the snapshot moves it there from the end of the text.
    const text = '🚀🚀🚀🚀🚀🚀|\r\n\x1b[A\x1b[2C';
    for (const screen of [new InlineScreen(10, 3, 10), new WorkerScreen(10, 3, 10)]) {
      screen.write(text);
      const { serialized } = await screen.snapshot();
      expect(serialized).toBe('🚀🚀🚀🚀🚀🚀|\x1b[1D');
      screen.dispose();
    }
  });
});
