/**
 * The core's single way to an Engine: discovers once, caches the engine, re-discovers after a
 * failure (engine restarted, socket moved), and tells the bus when the status changes.
 *
 * A project may name its own socket (config `dockerSocketPath`): `get({ dockerSocketPath })`
 * discovers with it tried right after DOCKER_HOST, cached separately from the default.
 */
import type { EngineStatus } from '../../shared/schemas/engine';
import { AppError } from '../../shared/errors';
import { discoverEngine, type DiscoverOptions } from './discover';
import type { Engine } from './types';

export interface EngineProviderOptions extends Omit<DiscoverOptions, 'dockerSocketPath'> {
  /** Default dockerSocketPath (e.g. the user-level config); read lazily on each discovery. */
  dockerSocketPath?: () => Promise<string | undefined> | string | undefined;
  /** Called when the default engine's status changes (not for project-specific sockets). */
  onStatusChange?: (status: EngineStatus) => void;
  discover?: typeof discoverEngine;
}

export interface EngineSelector {
  /** A project's configured socket; undefined = the default discovery. */
  dockerSocketPath?: string | undefined;
}

interface Slot {
  engine: Engine | null;
  last: EngineStatus | null;
  inflight: Promise<{ engine?: Engine; status: EngineStatus }> | null;
}

export class EngineProvider {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly opts: EngineProviderOptions) {}

  /** The cached engine, or a fresh discovery; throws `engine-unreachable` with what was tried. */
  async get(sel: EngineSelector = {}): Promise<Engine> {
    const slot = this.slot(sel);
    if (slot.engine) return slot.engine;
    const { engine, status } = await this.rediscover(sel, slot);
    if (engine) return engine;
    const s = status as Extract<EngineStatus, { reachable: false }>;
    throw new AppError('engine-unreachable', s.message, s.hint);
  }

  /** Live status: pings the cached engine, re-discovers when it stopped answering. */
  async status(sel: EngineSelector = {}): Promise<EngineStatus> {
    const slot = this.slot(sel);
    if (slot.engine && slot.last?.reachable) {
      try {
        await slot.engine.ping();
        return slot.last;
      } catch {
        slot.engine = null;
      }
    }
    return (await this.rediscover(sel, slot)).status;
  }

  /**
   * Re-checks the default engine every `intervalMs` so `onStatusChange` fires when the engine
   * stops or comes back without anyone asking. Returns the stop function. The timer does not
   * keep the process alive.
   */
  watch(intervalMs = 15_000): () => void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      this.status()
        .catch(() => undefined)
        .finally(() => (busy = false));
    }, intervalMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }

  /** Callers that saw `engine-unreachable` drop the cached engine so the next get() looks again. */
  invalidate(sel: EngineSelector = {}): void {
    this.slot(sel).engine = null;
  }

  private slot(sel: EngineSelector): Slot {
    const key = sel.dockerSocketPath?.trim() ?? '';
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { engine: null, last: null, inflight: null };
      this.slots.set(key, slot);
    }
    return slot;
  }

  private rediscover(
    sel: EngineSelector,
    slot: Slot,
  ): Promise<{ engine?: Engine; status: EngineStatus }> {
    slot.inflight ??= (async () => {
      try {
        const { dockerSocketPath, onStatusChange, discover, ...rest } = this.opts;
        const isDefault = !sel.dockerSocketPath?.trim();
        const socketPath = isDefault
          ? dockerSocketPath
            ? await dockerSocketPath()
            : undefined
          : sel.dockerSocketPath;
        const result = await (discover ?? discoverEngine)({
          ...rest,
          dockerSocketPath: socketPath,
        });
        slot.engine = result.engine ?? null;
        if (isDefault && onStatusChange && changed(slot.last, result.status))
          onStatusChange(result.status);
        slot.last = result.status;
        return result;
      } finally {
        slot.inflight = null;
      }
    })();
    return slot.inflight;
  }
}

function changed(a: EngineStatus | null, b: EngineStatus): boolean {
  if (!a || a.reachable !== b.reachable) return true;
  if (a.reachable && b.reachable)
    return a.address !== b.address || a.kind !== b.kind || a.version !== b.version;
  return a.reachable === false && b.reachable === false && a.message !== b.message;
}
