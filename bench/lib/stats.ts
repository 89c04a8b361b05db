/** Timing helpers shared by the benchmarks. */

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  mean: number;
  min: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    mean,
    min: sorted[0] ?? NaN,
  };
}

/** Milliseconds one call of `fn` takes. */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * Runs app and baseline alternately (so drift in machine load hits both alike) after a few
 * warm-up rounds; returns each side's samples in ms.
 */
export async function compare(
  app: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  opts: { iterations: number; warmup: number },
): Promise<{ app: Summary; baseline: Summary }> {
  for (let i = 0; i < opts.warmup; i++) {
    await app();
    await baseline();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < opts.iterations; i++) {
    if (i % 2 === 0) {
      a.push(await timeMs(app));
      b.push(await timeMs(baseline));
    } else {
      b.push(await timeMs(baseline));
      a.push(await timeMs(app));
    }
  }
  return { app: summarize(a), baseline: summarize(b) };
}

export const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
