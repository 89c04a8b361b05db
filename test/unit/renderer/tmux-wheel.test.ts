/**
 * The wheel over an agent terminal held by tmux scrolls tmux's history: a burst of wheel
 * events becomes one scrollTerminal call with the lines they add up to, in order, and xterm's
 * own (empty) scrollback is left alone.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tmuxWheel, wheelLines } from '../../../src/renderer/src/components/terminal/tmux-wheel';

const wheel = (deltaY: number, deltaMode = 0) => ({ deltaY, deltaMode }) as WheelEvent;

afterEach(() => vi.useRealTimers());

describe('tmux wheel', () => {
  it('turns pixels, lines and pages into lines (negative = back)', () => {
    expect(wheelLines(-48, 0, 30)).toBe(-3);
    expect(wheelLines(5, 1, 30)).toBe(5);
    expect(wheelLines(-1, 2, 30)).toBe(-30);
  });

  it('gathers a burst into one call, keeps the remainder, and never lets xterm scroll', async () => {
    vi.useFakeTimers();
    const calls: number[] = [];
    const w = tmuxWheel(
      async (n) => void calls.push(n),
      () => 30,
    );
    for (let i = 0; i < 5; i++) expect(w.onWheel(wheel(-40))).toBe(false); // 5 × 2.5 lines
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toEqual([-12]);
    w.onWheel(wheel(-40)); // 0.5 left over + 2.5
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toEqual([-12, -3]);
    w.onWheel(wheel(120, 1));
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toEqual([-12, -3, 120]);
    w.dispose();
  });
});
