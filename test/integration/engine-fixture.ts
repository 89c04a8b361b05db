/**
 * Shared set-up of the engine integration suites: a connected Engine per test engine and
 * helpers that create labelled containers, all removed in afterAll.
 */
import type { Readable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { connectEngineAt } from '../../src/main/engine';
import { sessionLabels } from '../../src/main/engine/labels';
import type { ContainerSpec, Engine, ExecStream } from '../../src/main/engine/types';
import { TEST_BASE_IMAGE, type TestEngine } from '../helpers/engines';

export const RUN = `${process.pid}-${Date.now().toString(36)}`;
export const TEST_LABEL = 'dev.claude-code-runner.test';

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

/** Collects TTY output until `pattern` shows up (or fails after a timeout with what came). */
export function until(s: ExecStream, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; got ${JSON.stringify(seen)}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        s.stdout.off('data', onData);
        resolve(seen);
      }
    };
    s.stdout.on('data', onData);
  });
}

export interface EngineFixture {
  /** Valid inside tests (connected in beforeAll). */
  readonly engine: Engine;
  spec(suffix: string, extra?: Partial<ContainerSpec>): ContainerSpec;
  create(suffix: string, extra?: Partial<ContainerSpec>): Promise<string>;
  running(suffix: string, extra?: Partial<ContainerSpec>): Promise<string>;
  /** Image tags to remove in afterAll. */
  images: string[];
}

/** Call inside a describeEachEngine body: registers beforeAll/afterAll. */
export function engineFixture(te: TestEngine): EngineFixture {
  let engine: Engine | undefined;
  const created: string[] = [];
  const images: string[] = [];
  // Docker here runs with --bridge=none.
  const network = te.name === 'docker' ? 'none' : 'default';
  const get = () => {
    if (!engine) throw new Error('engine not connected yet');
    return engine;
  };
  const spec = (suffix: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
    name: `ccr-it-${te.name}-${RUN}-${suffix}`,
    image: TEST_BASE_IMAGE,
    labels: {
      ...sessionLabels({ sessionId: `s-${suffix}`, repo: '/src/repo', branch: 'claude/1' }),
      [TEST_LABEL]: RUN,
    },
    env: {},
    cmd: ['sleep', 'infinity'],
    network,
    init: true,
    ...extra,
  });
  const create = async (suffix: string, extra: Partial<ContainerSpec> = {}) => {
    const id = await get().createContainer(spec(suffix, extra));
    created.push(id);
    return id;
  };
  const running = async (suffix: string, extra: Partial<ContainerSpec> = {}) => {
    const id = await create(suffix, extra);
    await get().startContainer(id);
    return id;
  };
  beforeAll(async () => {
    engine = await connectEngineAt(te.address, { source: 'test' });
  });
  afterAll(async () => {
    if (!engine) return;
    for (const id of created)
      await engine.removeContainer(id, { force: true }).catch(() => undefined);
    for (const tag of images)
      await engine.docker
        .getImage(tag)
        .remove({ force: true })
        .catch(() => undefined);
  });
  return {
    get engine() {
      return get();
    },
    spec,
    create,
    running,
    images,
  };
}
