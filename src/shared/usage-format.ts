/**
 * Usage figures as text, the same in the app and the CLI: token counts in compact units and
 * costs in dollars ("estimated": the app's price table, see src/main/usage/prices.ts).
 */
import type { TokenCounts } from './schemas/usage';

/** Every token of a response: input, output and both kinds of prompt cache. */
export function totalTokens(t: TokenCounts): number {
  return t.input + t.output + t.cacheCreation + t.cacheRead;
}

/** 950, 12.3k, 4.56M, 1.2B. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  const units: [number, string][] = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (let i = units.length - 1; i >= 0; i--) {
    const [size, unit] = units[i]!;
    const v = n / size;
    const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
    const shown = Number(v.toFixed(digits));
    // 999 999 is "1M", not "1000k".
    if (shown < 1000 || i === 0) return `${shown}${unit}`;
  }
  return String(n);
}

/** $12.34, $0.05, <$0.01, or a dash when nothing could be priced. */
export function formatCost(usd: number | null): string {
  if (usd === null) return '–';
  if (usd > 0 && usd < 0.01) return '<$0.01';
  return `$${usd.toFixed(2)}`;
}

/** One line: "12.3k tokens · $0.05" (the cost left out when unknown). */
export function usageLine(tokens: TokenCounts, costUsd: number | null): string {
  const t = `${formatTokens(totalTokens(tokens))} tokens`;
  return costUsd === null ? t : `${t} · ${formatCost(costUsd)}`;
}
