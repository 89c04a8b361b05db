import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW, FlowControl } from '../../../src/main/terminals/flow';
import { SCREEN_WINDOW_BYTES } from '../../../src/main/terminals/screen-worker-source';

describe('FlowControl', () => {
  const opts = { high: 1000, low: 200, staleMs: 5000, parseHigh: 8000, parseLow: 1600 };
  function setup() {
    let now = 0;
    const changes: boolean[] = [];
    const flow = new FlowControl(
      opts,
      (p) => changes.push(p),
      () => now,
    );
    return { flow, changes, tick: (ms: number) => (now += ms) };
  }

  it('pauses when a viewer falls behind past the high mark and resumes below the low mark', () => {
    const { flow, changes } = setup();
    flow.add('a');
    flow.add('b');
    flow.sent(900, 0);
    expect(flow.isPaused).toBe(false);
    flow.sent(200, 0);
    expect(changes).toEqual([true]);
    flow.ack('a', 1100, 0);
    expect(flow.isPaused).toBe(true); // b is still behind
    flow.ack('b', 800, 0);
    expect(flow.isPaused).toBe(true); // 300 behind > low
    flow.ack('b', 200, 0);
    expect(changes).toEqual([true, false]);
  });

  it('also pauses while the screen parser is behind', () => {
    const { flow } = setup();
    flow.update(10_000);
    expect(flow.isPaused).toBe(true);
    flow.update(0);
    expect(flow.isPaused).toBe(false);
  });

  it('by default, output the screen worker gathers before parsing a burst does not pause', () => {
    const changes: boolean[] = [];
    const flow = new FlowControl(DEFAULT_FLOW, (p) => changes.push(p));
    flow.update(SCREEN_WINDOW_BYTES + 1024 * 1024);
    expect(flow.isPaused).toBe(false);
    flow.update(3 * SCREEN_WINDOW_BYTES);
    expect(changes).toEqual([true]);
  });

  it('ignores over-acks and forgets removed viewers', () => {
    const { flow } = setup();
    flow.add('a');
    flow.ack('a', 1e9, 0);
    flow.sent(1500, 0);
    expect(flow.isPaused).toBe(true);
    flow.remove('a');
    expect(flow.isPaused).toBe(false);
  });

  it('stops waiting for a viewer that went silent, and counts it again once it acks', () => {
    const { flow, tick } = setup();
    flow.add('frozen');
    flow.sent(2000, 0);
    expect(flow.isPaused).toBe(true);
    tick(6000);
    flow.update(0);
    expect(flow.isPaused).toBe(false);
    flow.ack('frozen', 100, 0);
    expect(flow.isPaused).toBe(true);
  });
});
