/**
 * What the usage figures read like: compact token counts, dollar amounts, a tooltip that names
 * each model (neutralised: the names come from the container) and says which have no price, and
 * today's total added up from the sessions' days as events arrive.
 */
import { describe, expect, it } from 'vitest';
import { todayOf } from '../../../src/renderer/src/stores/usage';
import { usageTooltip } from '../../../src/renderer/src/components/usage/usage-text';
import type { SessionUsage } from '../../../src/shared/schemas/usage';
import { formatCost, formatTokens, usageLine } from '../../../src/shared/usage-format';

const t = (input: number, output: number, cacheCreation: number, cacheRead: number) => ({
  input,
  output,
  cacheCreation,
  cacheRead,
});

const usage = (sessionId: string, days: [string, number, number][]): SessionUsage => ({
  sessionId,
  tokens: t(1, 2, 3, 4),
  costUsd: 0.5,
  unpricedModels: ['evil\u001b[2Jmodel'],
  byModel: [
    { model: 'claude-sonnet-4-5-20250929', tokens: t(1, 2, 3, 4), costUsd: 0.5 },
    { model: 'evil\u001b[2Jmodel', tokens: t(0, 0, 0, 0), costUsd: null },
  ],
  byDay: days.map(([day, input, costUsd]) => ({ day, tokens: t(input, 0, 0, 0), costUsd })),
  updatedAt: '2026-12-01T12:00:00Z',
});

describe('usage text', () => {
  it('writes tokens compactly and dollars to the cent', () => {
    expect([0, 999, 1000, 35_686, 999_999, 1_138_686, 2_500_000_000].map(formatTokens)).toEqual([
      '0',
      '999',
      '1k',
      '35.7k',
      '1M',
      '1.14M',
      '2.5B',
    ]);
    expect([0, 0.004, 0.028845, 12.345].map(formatCost)).toEqual([
      '$0.00',
      '<$0.01',
      '$0.03',
      '$12.35',
    ]);
    expect(formatCost(null)).toBe('–');
    expect(usageLine(t(1000, 200, 0, 0), null)).toBe('1.2k tokens');
  });

  it('breaks a session down by kind and model, and names the models without a price', () => {
    const tip = usageTooltip(usage('s1', []));
    expect(tip.split('\n')[0]).toBe('1 input · 2 output · 3 cache write · 4 cache read');
    expect(tip).toContain('claude-sonnet-4-5-20250929: 1 input');
    expect(tip).toContain('No price for evil');
    expect(tip).not.toContain('\u001b');
  });

  it("adds today's figures over sessions", () => {
    const today = todayOf(
      [
        usage('a', [
          ['2026-11-30', 5, 0.1],
          ['2026-12-01', 7, 0.2],
        ]),
        usage('b', [['2026-12-01', 11, 0.3]]),
      ],
      '2026-12-01',
    );
    expect(today).toEqual({ day: '2026-12-01', tokens: t(18, 0, 0, 0), costUsd: 0.5 });
  });
});
