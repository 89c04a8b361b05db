/** A throwaway container for a benchmark, removed whatever happens. */
import { connectEngineAt } from '../../src/main/engine';
import { sessionLabels } from '../../src/main/engine/labels';
import type { Engine } from '../../src/main/engine/types';
import { BENCH_BASE_IMAGE, type BenchEngine } from './engines';

export const BENCH_LABEL = 'dev.claude-code-runner.bench';

export async function withBenchContainer<T>(
  target: BenchEngine,
  bench: string,
  fn: (engine: Engine, id: string) => Promise<T>,
): Promise<T> {
  const engine = await connectEngineAt(target.address, { source: 'bench' });
  const id = await engine.createContainer({
    name: `ccr-bench-${bench}-${target.name}-${process.pid}`,
    image: BENCH_BASE_IMAGE,
    labels: {
      ...sessionLabels({ sessionId: `bench-${bench}`, repo: '', branch: '' }),
      [BENCH_LABEL]: bench,
    },
    env: {},
    cmd: ['sleep', 'infinity'],
    init: true,
    // Docker here runs with --bridge=none.
    network: target.name === 'docker' ? 'none' : 'default',
  });
  try {
    await engine.startContainer(id);
    return await fn(engine, id);
  } finally {
    await engine.removeContainer(id, { force: true }).catch(() => undefined);
  }
}
