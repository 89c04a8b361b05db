/**
 * The sessions domain as core.ts uses it: a SessionManager wired to the real engine provider,
 * config loader, image builder, credentials planner and the terminals service (the agent's
 * launcher). The store is loaded at once; reconciliation with the engines runs in the
 * background so a slow or absent engine never delays the app's start.
 */
import { loadConfig } from '../config/load';
import type { EngineProvider } from '../engine/provider';
import { connectEngineAt } from '../engine';
import type { Engine } from '../engine/types';
import type { EventBus } from '../events';
import { caFilesForContainer } from '../image/ca-certs';
import { ensureImage } from '../image/ensure-image';
import type { AgentLauncher } from './agent-launcher';
import type { CredentialPlanner, SessionDeps, SessionMcpPlanner, SessionNetwork } from './deps';
import { SessionManager } from './manager';

export { SessionManager } from './manager';
export { sessionHandlers } from './handlers';
export type { AgentLauncher, AgentSpec } from './agent-launcher';
export type { SessionDeps } from './deps';

export interface SessionServiceOptions {
  bus: EventBus;
  dataDir: string;
  appVersion: string;
  env: NodeJS.ProcessEnv;
  homeDir: string;
  platform?: NodeJS.Platform;
  engines: EngineProvider;
  launcher: AgentLauncher | null;
  planCredentials?: CredentialPlanner;
  network?: SessionNetwork;
  mcp?: SessionMcpPlanner;
}

/** Engines by address: the provider's when it is the same engine, else a direct connection. */
export function engineResolver(
  engines: EngineProvider,
  env: NodeJS.ProcessEnv,
  homeDir?: string,
): (address: string) => Promise<Engine> {
  const cache = new Map<string, Promise<Engine>>();
  return async (address) => {
    const current = await engines.get().catch(() => null);
    if (current && current.info.address === address) return current;
    let e = cache.get(address);
    if (!e) {
      // The home too: registry credentials for pulls are looked up there.
      e = connectEngineAt(address, { env, timeoutMs: 5000, ...(homeDir ? { homeDir } : {}) });
      e.catch(() => cache.delete(address));
      cache.set(address, e);
    }
    return e;
  };
}

export function createSessionService(o: SessionServiceOptions): {
  manager: SessionManager;
  ready: Promise<unknown>;
} {
  const deps: SessionDeps = {
    bus: o.bus,
    dataDir: o.dataDir,
    appVersion: o.appVersion,
    env: o.env,
    homeDir: o.homeDir,
    platform: o.platform ?? process.platform,
    getEngine: () => o.engines.get(),
    engineAt: engineResolver(o.engines, o.env, o.homeDir),
    loadConfig: (opts) => loadConfig(opts),
    ensureImage: (engine, opts) => ensureImage(engine, opts),
    planCredentials: o.planCredentials,
    planCaFiles: (config, labels) => caFilesForContainer(config, labels),
    launcher: o.launcher,
    ...(o.network ? { network: o.network } : {}),
    ...(o.mcp ? { mcp: o.mcp } : {}),
  };
  const manager = new SessionManager(deps);
  const ready = manager.load().then(() => {
    manager.watchStore();
    void manager.reconcile().catch((e: unknown) => console.error('sessions: reconcile failed:', e));
  });
  ready.catch((e: unknown) => console.error('sessions: the store could not be loaded:', e));
  return { manager, ready };
}
