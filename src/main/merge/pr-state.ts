/**
 * The state of a session's pull request (open, closed, merged) for the session list, without
 * network in the list's path: `peek` answers from a cache at once ('unknown' until the forge
 * answered) and, when the entry is stale, asks the forge in the background with a short
 * timeout. A forge that fails or is slow leaves 'unknown'; it is asked again after the TTL.
 */
import type { SessionInfo } from '../../shared/schemas/session';
import { remoteUrl } from '../forge/push';
import { forgeFor, type ForgeOptions } from '../forge/pull-request';

export type PrStateValue = 'open' | 'closed' | 'merged' | 'unknown';
export type PrStateLookup = (
  s: SessionInfo,
  number: number,
) => Promise<'open' | 'closed' | 'merged'>;

interface Entry {
  state: PrStateValue;
  at: number;
  inFlight: boolean;
}

export class PrStateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly lookup: PrStateLookup,
    private readonly ttlMs = 60_000,
    private readonly timeoutMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The last known state (never waits); a stale or missing entry is refreshed in the background. */
  peek(s: SessionInfo, number: number): PrStateValue {
    const key = `${s.id}#${number}`;
    const e = this.entries.get(key);
    if (!e || (!e.inFlight && this.now() - e.at >= this.ttlMs)) void this.refresh(key, s, number);
    return e?.state ?? 'unknown';
  }

  /** Resolves once the background refreshes started so far have ended (for tests). */
  async settled(): Promise<void> {
    await Promise.all(this.pending);
  }

  private pending = new Set<Promise<void>>();

  private refresh(key: string, s: SessionInfo, number: number): Promise<void> {
    const prev = this.entries.get(key);
    this.entries.set(key, { state: prev?.state ?? 'unknown', at: prev?.at ?? 0, inFlight: true });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<PrStateValue>((resolve) => {
      timer = setTimeout(() => resolve('unknown'), this.timeoutMs);
      timer.unref?.();
    });
    const asked = this.lookup(s, number).catch((): PrStateValue => 'unknown');
    const p = Promise.race([asked, timeout]).then((state) => {
      clearTimeout(timer);
      this.entries.set(key, { state, at: this.now(), inFlight: false });
    });
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
    return p;
  }
}

/** The forge lookup the app uses: the session's push remote, the forge behind its URL, the PR. */
export function forgePrLookup(
  forge: () => ForgeOptions,
  pushRemote: (s: SessionInfo) => Promise<string>,
): PrStateLookup {
  return async (s, number) => {
    const url = await remoteUrl(s.folder, await pushRemote(s));
    const { client } = await forgeFor(url, forge());
    return client.prState(number);
  };
}
