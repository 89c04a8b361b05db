/**
 * The history seed: tmux's history, then a screen's snapshot, written into a fresh viewer give
 * the history in the scrollback, in order and coloured, and the screen exactly as it was
 * (cursor included), whether the history is longer or shorter than the screen.
 */
import { describe, expect, it } from 'vitest';
import { seedHistory } from '../../../src/main/terminals/history-seed';
import { ViewerScreen } from '../../helpers/screen-compare';

async function screenOf(cols: number, rows: number, data: string) {
  const s = new ViewerScreen(cols, rows, 0);
  await s.write(data);
  return s;
}

describe('seedHistory', () => {
  for (const n of [0, 2, 50]) {
    it(`puts ${n} history lines above the screen, which is drawn unchanged`, async () => {
      const screen = await screenOf(20, 5, 'top\r\n\x1b[32mgreen\x1b[0m\r\nthird\x1b[2;3H');
      const snap = (await screen.view()).serialized;
      // capture-pane carries the pen across lines: line 1 opens red, line 2 goes on red.
      const history = Array.from({ length: n }, (_, i) =>
        i === 0 ? `\x1b[31mh-${i}` : i === 1 ? `h-${i}\x1b[39m` : `h-${i}`,
      ).join('\n');
      const viewer = new ViewerScreen(20, 5, 1000);
      await viewer.write(seedHistory(history ? `${history}\n` : '', 5) + snap);
      const v = await viewer.view();
      const want = await screen.view();
      const b = viewer.term.buffer.active;
      expect(b.baseY).toBe(n);
      expect(v.lines.slice(0, n)).toEqual(Array.from({ length: n }, (_, i) => `h-${i}`));
      expect(v.lines.slice(n)).toEqual(want.lines);
      expect(v.cursor).toEqual(want.cursor);
      if (n >= 2) expect(b.getLine(1)!.getCell(0)!.getFgColor()).toBe(1);
      // The pen is reset: the screen's blank rows are not painted.
      expect(
        b
          .getLine(n + 4)!
          .getCell(0)!
          .isFgDefault(),
      ).toBe(true);
      viewer.dispose();
      screen.dispose();
    });
  }
});
