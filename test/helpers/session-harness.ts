/**
 * Wiring for the sessions integration suites: a SessionManager over a temp data dir, on a real
 * engine, with the real config loader and image builder (the fixture Dockerfile), a recording
 * launcher, and every bus event kept for assertions.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/main/config/load';
import { connectEngineAt } from '../../src/main/engine';
import type { Engine } from '../../src/main/engine/types';
import { LABELS } from '../../src/main/engine/labels';
import { EventBus } from '../../src/main/events';
import { ensureImage } from '../../src/main/image/ensure-image';
import type { CredentialPlanner, SessionDeps } from '../../src/main/sessions/deps';
import { SessionManager } from '../../src/main/sessions/manager';
import { RecordingLauncher } from './recording-launcher';

export const FIXTURE_DOCKERFILE = resolve(__dirname, '../fixtures/session-image/Dockerfile');
export const SESSION_TEST_IMAGE = 'ccr-test-session:latest';

export interface Harness {
  engine: Engine;
  bus: EventBus;
  events: { name: string; payload: unknown }[];
  launcher: RecordingLauncher;
  dataDir: string;
  homeDir: string;
  /** Writes a config file (outside any repo) and returns its path. */
  config(values: Record<string, unknown>): string;
  manager(overrides?: Partial<SessionDeps>): SessionManager;
  /** Removes every container this harness's sessions made, and the temp dirs. */
  cleanup(): Promise<void>;
}

export async function makeHarness(
  address: string,
  options:
    | CredentialPlanner
    | {
        planCredentials?: CredentialPlanner;
        env?: NodeJS.ProcessEnv;
        setupHome?: (home: string) => void;
      } = {},
): Promise<Harness> {
  // A bare planner is accepted too (older callers).
  const opts = typeof options === 'function' ? { planCredentials: options } : options;
  const engine = await connectEngineAt(address);
  const bus = new EventBus();
  const events: { name: string; payload: unknown }[] = [];
  bus.subscribe((name, payload) => events.push({ name, payload }));
  const launcher = new RecordingLauncher(engine);
  const dataDir = mkdtempSync(join(tmpdir(), 'ccr-sessions-data-'));
  const homeDir = mkdtempSync(join(tmpdir(), 'ccr-sessions-home-'));
  opts.setupHome?.(homeDir);
  let n = 0;
  const sessionIds = new Set<string>();
  bus.subscribe((name, payload) => {
    // Only sessions this harness started (recovery may adopt other suites' containers).
    const p = payload as { id: string; status: string };
    if (name === 'sessionStatus' && p.status === 'starting') sessionIds.add(p.id);
  });
  const baseDeps: SessionDeps = {
    bus,
    dataDir,
    appVersion: '0.0.0-test',
    env: { PATH: process.env.PATH, ...opts.env },
    homeDir,
    platform: 'linux',
    getEngine: async () => engine,
    engineAt: async (a) =>
      a === engine.info.address ? engine : connectEngineAt(a, { timeoutMs: 2000 }),
    loadConfig: (opts) => loadConfig(opts),
    // Docker here runs with --bridge=none: builds use the host network (the fixture needs none).
    ensureImage: (e, opts) => ensureImage(e, { ...opts, buildNetwork: 'host' }),
    planCredentials: opts.planCredentials,
    launcher,
  };
  return {
    engine,
    bus,
    events,
    launcher,
    dataDir,
    homeDir,
    config(values) {
      const file = join(homeDir, `config-${++n}.json`);
      const full = {
        dockerImage: SESSION_TEST_IMAGE,
        dockerfile: FIXTURE_DOCKERFILE,
        network: 'none',
        resources: { memory: '512m', cpus: 1, pids: 256 },
        ...values,
      };
      writeFileSync(file, JSON.stringify(full));
      return file;
    },
    manager: (overrides = {}) => new SessionManager({ ...baseDeps, ...overrides }),
    async cleanup() {
      launcher.closeAll();
      for (const id of sessionIds) {
        for (const c of await engine.listContainers({ [LABELS.session]: id }, { all: true })) {
          await engine.removeContainer(c.id, { force: true }).catch(() => undefined);
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(homeDir, { recursive: true, force: true });
    },
  };
}
