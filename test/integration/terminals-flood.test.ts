/**
 * A program that floods its terminal (like `yes`) with a viewer that keeps up only slowly: the
 * process must be held back (flow control) so neither the viewer's backlog nor the main
 * process's memory grows with the amount of output. Measured, with the bound asserted. What
 * would scroll out of the viewer's scrollback unseen is not sent (viewer-batch.ts); the viewer's
 * screen and scrollback must still be exactly what every byte would have left.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../helpers/engines';
import { terminalFixture, type TerminalFixture } from './terminals-fixture';
import type { EventName, EventPayload } from '../../src/shared/contract';
import { DEFAULT_FLOW } from '../../src/main/terminals/flow';
import { DEFAULT_SCROLLBACK } from '../../src/main/terminals/screen';
import { DEFAULT_BATCH } from '../../src/main/terminals/viewer-batch';
import { ViewerScreen } from '../helpers/screen-compare';

const FLOOD_BYTES = 50 * 1024 * 1024;
/** What the slow viewer manages: 4 MB/s in 20 ms steps (a busy renderer). */
const VIEWER_STEP_CHARS = 80 * 1024;
const VIEWER_STEP_MS = 20;
const HIGH = DEFAULT_FLOW.high;
const MAX_BATCH = DEFAULT_BATCH.maxBatch;

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
      // The terminal's outgoing batches (internal): how much of the flood was skipped as unseen.
      const batch = (
        f.service as unknown as {
          terminals: Map<string, { batch: { skipped: number } }>;
        }
      ).terminals.get(info.id)!.batch;
      const queue: string[] = [];
      let queued = 0;
      let maxQueued = 0;
      let received = 0;
      let ys = 0;
      let done = false;
      // What a page's xterm would show: fed every chunk the viewer takes, in order.
      const screen = new ViewerScreen(80, 24, DEFAULT_SCROLLBACK);
      let feeding = Promise.resolve();
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
          feeding = feeding.then(() => screen.write(d));
          if (d.includes('FLOOD-42-END')) done = true;
        }
        if (acked) f.service.ack(info.id, 'slow', acked);
      }, VIEWER_STEP_MS);

      gc();
      const base = process.memoryUsage();
      let maxRss = base.rss;
      let rssFirstHalf = base.rss;
      let rssSecondHalf = base.rss;
      let secondHalfSamples = 0;
      let maxLiveHeap = base.heapUsed;
      const sampler = setInterval(() => {
        gc();
        const m = process.memoryUsage();
        maxRss = Math.max(maxRss, m.rss);
        // RSS by how far the flood has got (y's sent, and the "y\r\n"s skipped as unseen): it
        // must level off, not follow the output.
        const got = ys + batch.skipped / 3;
        if (got < FLOOD_BYTES / 4) rssFirstHalf = Math.max(rssFirstHalf, m.rss);
        else if (got > FLOOD_BYTES / 4) {
          rssSecondHalf = Math.max(rssSecondHalf, m.rss);
          secondHalfSamples++;
        }
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
        `[${te.name}] ${mb(received)} MB of terminal output sent (${mb(batch.skipped)} MB skipped unseen) in ${seconds.toFixed(1)} s; viewer backlog max ${Math.round(maxQueued / 1024)} KiB; ` +
          `rss +${mb(maxRss - base.rss)} MB (max ${mb(maxRss)}), live heap +${mb(maxLiveHeap - base.heapUsed)} MB; ` +
          `rss max in the first half ${mb(rssFirstHalf)} MB, in the second ${mb(rssSecondHalf)} MB`,
      );
      expect(done).toBe(true);
      // Nothing lost while paused, nothing garbled by what was skipped: the whole scrollback and
      // screen are the flood's last lines ("y\n" is "y\r\n" on a TTY), then the end marker.
      await feeding;
      const { lines } = await screen.view();
      screen.dispose();
      const end = lines.findIndex((l) => l === 'FLOOD-42-END');
      expect(end, lines.slice(-30).join('\n')).toBeGreaterThan(DEFAULT_SCROLLBACK);
      expect(lines.slice(0, end - 1).every((l) => l === 'y')).toBe(true);
      // The flood's last line ends without a newline (head -c cuts "y\n" pairs whole), then echo's.
      expect(lines[end - 1]).toMatch(/^y?$/);
      // Most of the flood was never sent: it scrolled by unseen.
      expect(ys).toBeLessThanOrEqual(FLOOD_BYTES / 2);
      // The viewer never had more than the high-water mark plus the batch in flight to catch up on…
      expect(maxQueued).toBeLessThan(HIGH + 2 * MAX_BATCH);
      // …and the main process's memory did not follow the 75 MB that went through.
      expect(maxLiveHeap - base.heapUsed).toBeLessThan(24 * 1024 * 1024);
      // RSS also holds the screen worker's own heap (its garbage is collected on its own schedule).
      expect(maxRss - base.rss).toBeLessThan(160 * 1024 * 1024);
      // The second half of the flood (~37 MB of output) added no more than a little.
      expect(secondHalfSamples).toBeGreaterThan(0); // the second half was measured at all
      expect(rssSecondHalf - rssFirstHalf).toBeLessThan(32 * 1024 * 1024);
      f.service.close(info.id);
    },
  );
});
