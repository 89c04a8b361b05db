/**
 * A program that floods its terminal (like `yes`) with a viewer that keeps up only slowly: the
 * process must be held back (flow control) so neither the viewer's backlog nor the main
 * process's memory grows with the amount of output. Measured, with the bound asserted.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../helpers/engines';
import { terminalFixture, type TerminalFixture } from './terminals-fixture';
import type { EventName, EventPayload } from '../../src/shared/contract';

const FLOOD_BYTES = 50 * 1024 * 1024;
/** What the slow viewer manages: 4 MB/s in 20 ms steps (a busy renderer). */
const VIEWER_STEP_CHARS = 80 * 1024;
const VIEWER_STEP_MS = 20;
const HIGH = 512 * 1024;
const MAX_BATCH = 100_000;

// Live heap (after a full GC) is what must stay bounded; garbage waiting for the GC is not.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describeEachEngine('terminal flood', (te) => {
  let f: TerminalFixture;
  let onOutput: (p: EventPayload<'terminalOutput'>) => void = () => undefined;
  let exited = false;
  beforeAll(async () => {
    f = await terminalFixture(te, 'flood');
    // Replace the recording bus: a flood must not be kept by the test itself.
    const bus = {
      emit: <E extends EventName>(name: E, payload: EventPayload<E>) => {
        if (name === 'terminalOutput') onOutput(payload as EventPayload<'terminalOutput'>);
        if (name === 'terminalExit') exited = true;
      },
    };
    (f.service as unknown as { deps: { bus: typeof bus } }).deps.bus = bus;
  });
  afterAll(async () => f?.dispose());

  it(
    `${FLOOD_BYTES / 1024 / 1024} MB of yes through a slow viewer keep memory bounded`,
    { timeout: 180_000 },
    async () => {
      const info = await f.service.open({
        sessionId: f.session.id,
        kind: 'container',
        cols: 80,
        rows: 24,
      });
      await f.service.attach(info.id, 'slow');
      const queue: string[] = [];
      let queued = 0;
      let maxQueued = 0;
      let received = 0;
      let ys = 0;
      let done = false;
      onOutput = (p) => {
        if (p.terminalId !== info.id) return;
        queue.push(p.data);
        queued += p.data.length;
        maxQueued = Math.max(maxQueued, queued);
      };
      const viewer = setInterval(() => {
        let budget = VIEWER_STEP_CHARS;
        let acked = 0;
        while (budget > 0 && queue.length) {
          const d = queue.shift()!;
          budget -= d.length;
          queued -= d.length;
          acked += d.length;
          received += d.length;
          for (let i = d.indexOf('y'); i !== -1; i = d.indexOf('y', i + 1)) ys++;
          if (d.includes('FLOOD-42-END')) done = true;
        }
        if (acked) f.service.ack(info.id, 'slow', acked);
      }, VIEWER_STEP_MS);

      gc();
      const base = process.memoryUsage();
      let maxRss = base.rss;
      let rssFirstHalf = base.rss;
      let rssSecondHalf = base.rss;
      let maxLiveHeap = base.heapUsed;
      const sampler = setInterval(() => {
        gc();
        const m = process.memoryUsage();
        maxRss = Math.max(maxRss, m.rss);
        // RSS by how far the flood has got: it must level off, not follow the output.
        if (ys < FLOOD_BYTES / 4) rssFirstHalf = Math.max(rssFirstHalf, m.rss);
        else if (ys > FLOOD_BYTES / 4) rssSecondHalf = Math.max(rssSecondHalf, m.rss);
        maxLiveHeap = Math.max(maxLiveHeap, m.heapUsed);
      }, 1000);
      // No echo of the command line: only the flood's y's count; the end marker is computed.
      f.service.write(info.id, 'stty -echo\r');
      await new Promise((r) => setTimeout(r, 500));
      ys = 0;
      const t0 = Date.now();
      f.service.write(info.id, `yes | head -c ${FLOOD_BYTES}; echo; echo FLOOD-$((6*7))-END\r`);
      while (!done && !exited && Date.now() - t0 < 170_000)
        await new Promise((r) => setTimeout(r, 100));
      const seconds = (Date.now() - t0) / 1000;
      clearInterval(viewer);
      clearInterval(sampler);
      const mb = (n: number) => Math.round(n / 1024 / 1024);
      console.log(
        `[${te.name}] ${mb(received)} MB of terminal output in ${seconds.toFixed(1)} s; viewer backlog max ${Math.round(maxQueued / 1024)} KiB; ` +
          `rss +${mb(maxRss - base.rss)} MB (max ${mb(maxRss)}), live heap +${mb(maxLiveHeap - base.heapUsed)} MB; ` +
          `rss max in the first half ${mb(rssFirstHalf)} MB, in the second ${mb(rssSecondHalf)} MB`,
      );
      expect(done).toBe(true);
      // "y\n" becomes "y\r\n" on a TTY: every y arrived, nothing was lost while paused.
      expect(ys).toBe(FLOOD_BYTES / 2);
      // The viewer never had more than the high-water mark plus the batch in flight to catch up on…
      expect(maxQueued).toBeLessThan(HIGH + 2 * MAX_BATCH);
      // …and the main process's memory did not follow the 75 MB that went through.
      expect(maxLiveHeap - base.heapUsed).toBeLessThan(24 * 1024 * 1024);
      // RSS also holds the screen worker's own heap (its garbage is collected on its own schedule).
      expect(maxRss - base.rss).toBeLessThan(160 * 1024 * 1024);
      // The second half of the flood (~37 MB of output) added no more than a little.
      expect(rssSecondHalf - rssFirstHalf).toBeLessThan(32 * 1024 * 1024);
      f.service.close(info.id);
    },
  );
});
