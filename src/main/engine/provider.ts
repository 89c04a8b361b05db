/**
 * The core's single way to an Engine: discovers once, caches the engine, re-discovers after a
 * failure (engine restarted, socket moved), and tells the bus when the status changes.
 */
import type { EngineStatus } from '../../shared/schemas/engine';
import { AppError } from '../../shared/errors';
import { discoverEngine, type DiscoverOptions } from './discover';
import type { Engine } from './types';

export interface EngineProviderOptions extends Omit<DiscoverOptions, 'dockerSocketPath'> {
  /** Config's dockerSocketPath (may change between calls: read lazily). */
  dockerSocketPath?: () => Promise<string | undefined> | string | undefined;
  onStatusChange?: (status: EngineStatus) => void;
  discover?: typeof discoverEngine;
}

export class EngineProvider {
  private engine: Engine | null = null;
  private last: EngineStatus | null = null;
  private inflight: Promise<{ engine?: Engine; status: EngineStatus }> | null = null;

  constructor(private readonly opts: EngineProviderOptions) {}

  /** The cached engine, or a fresh discovery; throws `engine-unreachable` with what was tried. */
  async get(): Promise<Engine> {
    if (this.engine) return this.engine;
    const { engine, status } = await this.rediscover();
    if (engine) return engine;
    const s = status as Extract<EngineStatus, { reachable: false }>;
    throw new AppError('engine-unreachable', s.message, s.hint);
  }

  /** Live status: pings the cached engine, re-discovers when it stopped answering. */
  async status(): Promise<EngineStatus> {
    if (this.engine && this.last?.reachable) {
      try {
        await this.engine.ping();
        return this.last;
      } catch {
        this.invalidate();
      }
    }
    return (await this.rediscover()).status;
  }

  /** Callers that saw `engine-unreachable` drop the cached engine so the next get() looks again. */
  invalidate(): void {
    this.engine = null;
  }

  private rediscover(): Promise<{ engine?: Engine; status: EngineStatus }> {
    this.inflight ??= (async () => {
      try {
        const { dockerSocketPath, onStatusChange, discover, ...rest } = this.opts;
        const socketPath = dockerSocketPath ? await dockerSocketPath() : undefined;
        const result = await (discover ?? discoverEngine)({
          ...rest,
          dockerSocketPath: socketPath,
        });
        this.engine = result.engine ?? null;
        if (onStatusChange && changed(this.last, result.status)) onStatusChange(result.status);
        this.last = result.status;
        return result;
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }
}

function changed(a: EngineStatus | null, b: EngineStatus): boolean {
  if (!a || a.reachable !== b.reachable) return true;
  if (a.reachable && b.reachable)
    return a.address !== b.address || a.kind !== b.kind || a.version !== b.version;
  return a.reachable === false && b.reachable === false && a.message !== b.message;
}
