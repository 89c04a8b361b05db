import type { BenchEngine } from './engines';

export interface BenchContext {
  /** The engine this run measures against (the runner calls the bench once per engine). */
  engine: BenchEngine;
  /** Iterations requested with --iterations (the bench picks its own default otherwise). */
  iterations?: number;
  /** Progress lines go to stderr so stdout ends with the JSON lines only. */
  log: (line: string) => void;
}

/** Figures with their unit in the key (p50_ms, size_bytes, …) plus the app/baseline ratio. */
export type BenchResult = Record<string, number | string> & { ratio: number };

export type Bench = (ctx: BenchContext) => Promise<BenchResult>;
