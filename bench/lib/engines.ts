/**
 * The engines a benchmark runs against: the same private test sockets as the integration tests
 * (CCR_TEST_DOCKER_HOST / CCR_TEST_PODMAN_HOST, defaults as in test/helpers/engines.ts, which
 * cannot be imported here because it pulls in vitest).
 */
import { existsSync } from 'node:fs';

export type BenchEngineName = 'docker' | 'podman';
export interface BenchEngine {
  name: BenchEngineName;
  address: string;
}

const defaults: Record<BenchEngineName, { env: string; address: string }> = {
  docker: { env: 'CCR_TEST_DOCKER_HOST', address: 'unix:///tmp/ccr-engines/docker/docker.sock' },
  podman: { env: 'CCR_TEST_PODMAN_HOST', address: 'unix:///tmp/ccr-engines/podman/podman.sock' },
};

export const BENCH_BASE_IMAGE = 'ccr-test-base:bookworm';

export function benchEngines(env: NodeJS.ProcessEnv = process.env): {
  engines: BenchEngine[];
  missing: string[];
} {
  const engines: BenchEngine[] = [];
  const missing: string[] = [];
  for (const name of ['docker', 'podman'] as const) {
    const address = env[defaults[name].env] || defaults[name].address;
    const path = address.startsWith('unix://') ? address.slice('unix://'.length) : null;
    if (path !== null && !existsSync(path)) {
      missing.push(
        `${name}: no socket at ${path} (set ${defaults[name].env} or run scripts/engines.sh start)`,
      );
    } else engines.push({ name, address });
  }
  return { engines, missing };
}
