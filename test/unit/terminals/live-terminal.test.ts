import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveTerminal, type LiveTerminalEvents } from '../../../src/main/terminals/live-terminal';
import { FakeBackend } from './fake-backend';
import { ViewerScreen } from '../../helpers/screen-compare';

type Out = { terminalId: string; data: string; seq: number };

function setup(
  flow = { high: 1000, low: 100, staleMs: 10_000 },
  screen: 'worker' | 'inline' = 'worker',
) {
  const backend = new FakeBackend();
  const outputs: Out[] = [];
  const resized: { cols: number; rows: number }[] = [];
  const exits: number[] = [];
  const events: LiveTerminalEvents = {
    output: (p) => outputs.push(p),
    resized: (p) => resized.push(p),
    exit: (p) => exits.push(p.exitCode),
  };
  const t = new LiveTerminal({
    info: {
      id: 't-abcdef',
      sessionId: 's1',
      kind: 'container',
      role: 'shell',
      title: 'x',
      cols: 40,
      rows: 10,
      createdAt: '',
    },
    backend,
    events,
    flow,
    screen,
    batch: { frameMs: 16, maxBatch: 500 },
  });
  return { backend, outputs, resized, exits, t };
}

describe('LiveTerminal', () => {
  afterEach(() => vi.useRealTimers());

  it('batches output per frame and flushes early at the size cap; sends nothing without viewers', async () => {
    vi.useFakeTimers();
    const { backend, outputs, t } = setup({ high: 1e9, low: 1e8, staleMs: 1e9 });
    backend.emitOutput('before any viewer');
    vi.advanceTimersByTime(50);
    expect(outputs).toEqual([]);
    const attached = t.attach('v1');
    await vi.advanceTimersByTimeAsync(50);
    await attached;
    vi.advanceTimersByTime(50);
    backend.emitOutput('e'); // after a quiet frame (an echo): sent at once
    expect(outputs.map((o) => o.data)).toEqual(['e']);
    backend.emitOutput('a');
    backend.emitOutput('b');
    backend.emitOutput('c');
    expect(outputs).toHaveLength(1);
    vi.advanceTimersByTime(16);
    expect(outputs.map((o) => o.data)).toEqual(['e', 'abc']);
    backend.emitOutput('x'.repeat(600));
    expect(outputs.map((o) => [o.data.length, o.seq])).toEqual([
      [1, 1],
      [3, 2],
      [600, 3],
    ]);
    t.close();
  });

  it('pauses the process while a viewer has not acknowledged enough, resumes after acks', async () => {
    const { backend, outputs, t } = setup();
    await t.attach('slow');
    backend.emitOutput('y\r\n'.repeat(200)); // 600 chars: one batch at the cap
    backend.emitOutput('y\r\n'.repeat(200));
    expect(backend.paused).toBe(true);
    const sent = outputs.reduce((n, o) => n + o.data.length, 0);
    expect(sent).toBe(1200);
    t.ack('slow', 1000);
    await new Promise((r) => setTimeout(r, 50)); // the screen has parsed it all by now
    expect(backend.paused).toBe(true); // 200 behind is still above the low mark
    t.ack('slow', 150);
    expect(backend.paused).toBe(false);
    t.close();
  });

  it.each(['worker', 'inline'] as const)(
    'a viewer attaching mid-stream sees exactly the screen of one that stayed connected (%s)',
    async (mode) => {
      const { backend, outputs, t } = setup({ high: 1e9, low: 1e8, staleMs: 1e9 }, mode);
      const stay = new ViewerScreen(40, 10);
      const snap0 = await t.attach('stay');
      await stay.write(snap0.serialized);
      const draw = (i: number) =>
        `\x1b[3${i % 8}mline ${i} 世界 é\x1b[0m\r\n` +
        (i === 30 ? '\x1b[?1049h\x1b[2J\x1b[H\x1b[7mFULL SCREEN\x1b[0m\x1b[5;3Hxy' : '');
      for (let i = 0; i < 25; i++) backend.emitOutput(draw(i));
      // Reconnect in the middle: the screen is serialized, later batches follow.
      const late = t.attach('late');
      for (let i = 25; i < 32; i++) backend.emitOutput(draw(i));
      const snap = await late;
      await new Promise((r) => setTimeout(r, 40));
      const lateView = new ViewerScreen(snap.cols, snap.rows);
      await lateView.write(snap.serialized);
      for (const o of outputs) {
        await stay.write(o.data);
        if (o.seq > snap.seq) await lateView.write(o.data);
      }
      const a = await stay.view();
      const b = await lateView.view();
      expect(a.type).toBe('alternate');
      expect(b).toEqual(a);
      t.close();
    },
  );

  it("applies the active viewer's size, tells the others, and reports the exit code", async () => {
    const { backend, resized, exits, t } = setup();
    await t.attach('a');
    await t.attach('b');
    await t.resize(100, 30, 'a');
    await t.resize(80, 20, 'b');
    expect(backend.sizes).toEqual([
      [100, 30],
      [80, 20],
    ]);
    t.write('ls\r', 'a'); // typing in window a makes its size rule again
    await new Promise((r) => setTimeout(r, 0));
    expect(backend.sizes.at(-1)).toEqual([100, 30]);
    expect(resized.map((r) => [r.cols, r.rows])).toEqual([
      [100, 30],
      [80, 20],
      [100, 30],
    ]);
    expect(backend.input).toEqual(['ls\r']);
    backend.emitExit(3);
    expect(exits).toEqual([3]);
    expect(t.snapshotInfo.status).toBe('exited');
    t.close();
  });
});
