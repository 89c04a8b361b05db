import { afterEach, describe, expect, it, vi } from 'vitest';
import { AttentionTracker } from '../../../src/main/terminals/attention';
import type { SessionAttention } from '../../../src/shared/schemas/terminal';

describe('AttentionTracker', () => {
  afterEach(() => vi.useRealTimers());

  function track(mode: 'hooks' | 'heuristic') {
    const seen: SessionAttention[] = [];
    const t = new AttentionTracker('s1', { mode, quietMs: 1000 }, (p) => seen.push(p));
    return { t, seen, states: () => seen.map((s) => `${s.state}:${s.reason}`) };
  }

  it('treats a BEL as waiting but not the BEL that ends an OSC title, even split across chunks', () => {
    const { t, states } = track('hooks');
    t.set('working', 'prompt');
    t.onOutput('\x1b]0;my title\x07 drawing');
    t.onOutput('\x1b');
    t.onOutput(']2;split title');
    t.onOutput('\x07more');
    expect(states()).toEqual(['working:prompt']);
    t.onOutput('done\x07');
    expect(states()).toEqual(['working:prompt', 'waiting:bell']);
  });

  it('without hooks: output is working, a quiet period is waiting, Enter makes it working again', () => {
    vi.useFakeTimers();
    const { t, states } = track('heuristic');
    t.onOutput('compiling...');
    vi.advanceTimersByTime(900);
    t.onOutput('still compiling');
    vi.advanceTimersByTime(900);
    expect(states()).toEqual(['working:output']);
    vi.advanceTimersByTime(200);
    expect(states()).toEqual(['working:output', 'waiting:quiet']);
    t.onInput('y');
    t.onOutput('y'); // echo of a keystroke is not work
    expect(states().at(-1)).toBe('waiting:quiet');
    t.onInput('\r');
    expect(states().at(-1)).toBe('working:input');
  });

  it('with hooks: no quiet-period guessing; hook reports and the wrapper exit line decide', () => {
    vi.useFakeTimers();
    const { t, states } = track('hooks');
    t.onHook('working', 'session-start');
    t.onOutput('thinking');
    vi.advanceTimersByTime(60_000);
    t.onHook('waiting', 'permission');
    t.onHook('working', 'prompt');
    t.onOutput('\r\n[ccr] agent exited with status 0; this terminal is now a shell.\r\n');
    expect(states()).toEqual([
      'working:session-start',
      'waiting:permission',
      'working:prompt',
      'finished:exited',
    ]);
  });
});
