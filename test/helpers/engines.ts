/**
 * The real engines the integration suites run against. Each suite is run once per engine and
 * named by it, so the output shows both ran. On a developer machine without an engine the
 * suite is skipped with the reason in its name; under CI a missing engine is a failure.
 *
 * Start both with `eval "$(scripts/engines.sh start)"`.
 */
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

export type TestEngineName = 'docker' | 'podman';
export interface TestEngine {
  name: TestEngineName;
  /** unix:///… address of the engine's API socket. */
  address: string;
}

/** Made offline by scripts/make-base-image.sh. */
export const TEST_BASE_IMAGE = 'ccr-test-base:bookworm';

const defaults: Record<TestEngineName, { env: string; address: string }> = {
  docker: { env: 'CCR_TEST_DOCKER_HOST', address: 'unix:///tmp/ccr-engines/docker/docker.sock' },
  podman: { env: 'CCR_TEST_PODMAN_HOST', address: 'unix:///tmp/ccr-engines/podman/podman.sock' },
};

export function testEngine(name: TestEngineName): { engine?: TestEngine; reason?: string } {
  const { env, address: fallback } = defaults[name];
  const address = process.env[env] || fallback;
  const path = address.startsWith('unix://') ? address.slice('unix://'.length) : null;
  if (path !== null && !existsSync(path)) {
    return { reason: `no ${name} socket at ${path} (set ${env} or run scripts/engines.sh start)` };
  }
  return { engine: { name, address } };
}

/** `describe` once per engine; the callback receives the engine. */
export function describeEachEngine(title: string, body: (engine: TestEngine) => void): void {
  for (const name of ['docker', 'podman'] as const) {
    const { engine, reason } = testEngine(name);
    if (engine) {
      describe(`${title} [${name}]`, () => body(engine));
    } else if (process.env.CI === 'true' || process.env.CI === '1') {
      describe(`${title} [${name}]`, () => {
        it('has a reachable engine', () => {
          throw new Error(`CI requires a real ${name} engine: ${reason}`);
        });
      });
    } else {
      describe.skip(`${title} [${name}] (skipped: ${reason})`, () => body({ name, address: '' }));
    }
  }
}
