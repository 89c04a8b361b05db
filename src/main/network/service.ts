/**
 * The network domain: decides each new session's network, and runs the egress gateway of the
 * allowlist sessions this process serves. A process serves a session while it starts it, and
 * every running one while it is the data dir's elected runner (the commit importer election).
 * The forwarder's port in the container is the lock: a second process's forwarder cannot
 * listen, so it waits and takes over when the first one's ends.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppError } from '../../shared/errors';
import type { ResolvedConfig } from '../../shared/schemas/config';
import type { DeniedAttempt, NetworkPolicy, NetworkState } from '../../shared/schemas/network';
import type { SessionInfo } from '../../shared/schemas/session';
import { isThisProcess, processAlive, thisProcess } from '../app/process-lock';
import type { Engine } from '../engine/types';
import type { EventBus } from '../events';
import { Gateway, type Resolved, type Verdict } from './gateway/gateway';
import { proxyEnv } from './gateway/proxy-env';
import { upstreamFromEnv } from './gateway/upstream';
import { allowForProject, autoPolicy, compileAllowlist, expandPolicy, networkPlan } from './policy';
import { MAX_DENIED, NetworkStore, type NetworkRecord } from './store';

export interface NetworkServiceDeps {
  bus: EventBus;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  homeDir: string;
  platform: NodeJS.Platform;
  engineFor(session: SessionInfo): Promise<Engine>;
  getSession(id: string): Promise<SessionInfo | undefined>;
  /** Names the gateway resolves to fixed addresses, as /etc/hosts would (tests). */
  hosts?: Record<string, string>;
  /** Between attempts to serve a session another process serves; default 2 s. */
  retryMs?: number;
}

interface Served {
  session: SessionInfo;
  gateway: Gateway | null;
  timer: NodeJS.Timeout | null;
  attempt: Promise<void> | null;
  /** This process started the session: it serves it whether or not it is elected. */
  pinned: boolean;
  stopped: boolean;
  lastError: string;
}

interface Rules {
  at: number;
  allows(host: string, port: number): boolean;
}

/** How long a session's rules are used before the record is read again (other processes). */
const RULES_TTL_MS = 1000;

export class NetworkService {
  readonly store: NetworkStore;
  private active = false;
  private disposed = false;
  private readonly served = new Map<string, Served>();
  private readonly rules = new Map<string, Rules>();
  /** Sessions whose recorded network is not an allowlist (a policy never changes after start). */
  private readonly ungated = new Set<string>();
  private readonly pendingDenials = new Map<string, DeniedAttempt[]>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: NetworkServiceDeps) {
    this.store = new NetworkStore(deps.dataDir);
  }

  private get host() {
    return { env: this.deps.env, homeDir: this.deps.homeDir, platform: this.deps.platform };
  }

  /** What the start panel shows for a folder. */
  planFor(folder: string) {
    return networkPlan({ folder, ...this.host });
  }

  /** The start pipeline's decision for a new session; recorded so it outlives restarts. */
  async plan(input: {
    sessionId: string;
    folder: string;
    config: ResolvedConfig;
    override?: NetworkPolicy;
  }): Promise<{ network: string; env: Record<string, string>; gateway: boolean }> {
    // The config the start already loaded (trust applied): not read a second time.
    const policy: NetworkPolicy =
      input.override ??
      input.config.network ??
      (await autoPolicy({ folder: input.folder, ...this.host })).policy;
    const allow =
      typeof policy === 'string'
        ? []
        : await expandPolicy(policy, {
            folder: input.folder,
            ...this.host,
            // An API address set in the config (ANTHROPIC_BASE_URL) is the agent's own too.
            env: { ...this.deps.env, ...input.config.environment },
          });
    await this.store.write({
      schemaVersion: 1,
      sessionId: input.sessionId,
      policy,
      allow,
      sessionAllow: [],
      denied: [],
      servedBy: null,
    });
    if (typeof policy === 'string') return { network: policy, env: {}, gateway: false };
    return { network: 'none', env: proxyEnv(), gateway: true };
  }

  /** Serves a session this process is starting; rejects when its gateway cannot run. */
  async serve(session: SessionInfo): Promise<void> {
    const s = this.want(session, true);
    await this.attempt(s, true);
  }

  /** Becomes (or stops being) the runner of every session's gateway. */
  async setActive(active: boolean, sessions: readonly SessionInfo[]): Promise<void> {
    this.active = active;
    await this.sync(sessions);
  }

  /** Brings the gateways in line with the records (whoever changed them). */
  async sync(sessions: readonly SessionInfo[]): Promise<void> {
    if (this.disposed) return;
    const byId = new Map(sessions.map((s) => [s.id, s]));
    for (const [id, s] of this.served) {
      const now = byId.get(id);
      if (!now || !this.wanted(now, s.pinned)) this.release(id);
      else s.session = now;
    }
    for (const s of sessions) {
      if (this.served.has(s.id) || this.ungated.has(s.id) || !this.wanted(s, false)) continue;
      const rec = await this.store.read(s.id).catch(() => undefined);
      if (rec === undefined) continue;
      if (!rec || typeof rec.policy === 'string') {
        this.ungated.add(s.id);
        continue;
      }
      if (this.disposed || this.served.has(s.id) || !this.wanted(s, false)) continue;
      void this.attempt(this.want(s, false), false).catch(() => undefined);
    }
  }

  private wanted(s: SessionInfo, pinned: boolean): boolean {
    if (!s.containerId) return false;
    if (s.status === 'starting') return pinned;
    return (this.active || pinned) && (s.status === 'running' || s.status === 'unknown');
  }

  private want(session: SessionInfo, pinned: boolean): Served {
    let s = this.served.get(session.id);
    if (!s) {
      s = {
        session,
        gateway: null,
        timer: null,
        attempt: null,
        pinned,
        stopped: false,
        lastError: '',
      };
      this.served.set(session.id, s);
    }
    s.session = session;
    s.pinned ||= pinned;
    return s;
  }

  private release(id: string): void {
    const s = this.served.get(id);
    if (!s) return;
    s.stopped = true;
    if (s.timer) clearTimeout(s.timer);
    s.gateway?.stop();
    this.served.delete(id);
  }

  private attempt(s: Served, mustStart: boolean): Promise<void> {
    if (s.attempt) return s.attempt;
    s.attempt = this.startGateway(s, mustStart).finally(() => {
      s.attempt = null;
    });
    return s.attempt;
  }

  private async startGateway(s: Served, mustStart: boolean): Promise<void> {
    if (s.stopped || s.gateway) return;
    const session = s.session;
    let gw: Gateway;
    try {
      const engine = await this.deps.engineFor(session);
      gw = await Gateway.start({
        engine,
        containerId: session.containerId!,
        ...(session.containerUser ? { user: session.containerUser } : {}),
        decide: (host, port) => this.decide(session.id, host, port),
        resolve: (host) => this.resolve(host),
        onDenied: (a) => this.denied(session.id, a),
        upstream: upstreamFromEnv(this.deps.env),
      });
    } catch (e) {
      const err = e as AppError;
      if (mustStart && err.code !== 'network-gateway-busy') throw e;
      if (err.code !== 'network-gateway-busy' && err.message !== s.lastError) {
        s.lastError = err.message;
        this.deps.bus.emit('sessionLog', {
          sessionId: session.id,
          stream: 'system',
          text: `network: the gateway is not running (${err.message}); trying again\n`,
        });
      }
      this.retry(s, err.code === 'network-gateway-busy' ? 1 : 5);
      return;
    }
    if (s.stopped) {
      gw.stop();
      return;
    }
    s.gateway = gw;
    s.lastError = '';
    await this.store
      .update(session.id, (r) => ({ ...r, servedBy: thisProcess() }))
      .catch(() => undefined);
    void gw.closed.then(() => {
      if (s.gateway === gw) s.gateway = null;
      void this.store
        .update(session.id, (r) =>
          r.servedBy && isThisProcess(r.servedBy) ? { ...r, servedBy: null } : null,
        )
        .catch(() => undefined);
      // The container restarted, or its exec was cut: serve it again while it is wanted.
      if (!s.stopped && !this.disposed) this.retry(s, 1);
    });
  }

  private retry(s: Served, factor: number): void {
    if (s.stopped || this.disposed || s.timer) return;
    s.timer = setTimeout(
      () => {
        s.timer = null;
        if (!s.stopped) void this.attempt(s, false).catch(() => undefined);
      },
      (this.deps.retryMs ?? 2000) * factor,
    );
    s.timer.unref();
  }

  private async rulesOf(sessionId: string): Promise<Rules> {
    const cached = this.rules.get(sessionId);
    if (cached && Date.now() - cached.at < RULES_TTL_MS) return cached;
    const rec = await this.store.read(sessionId);
    const rules: Rules = {
      at: Date.now(),
      ...(rec ? compileAllowlist([...rec.allow, ...rec.sessionAllow]) : { allows: () => false }),
    };
    this.rules.set(sessionId, rules);
    return rules;
  }

  private async decide(sessionId: string, host: string, port: number): Promise<Verdict> {
    return (await this.rulesOf(sessionId)).allows(host, port) ? 'allow' : 'not-allowed';
  }

  private async resolve(host: string): Promise<Resolved> {
    const mapped = this.deps.hosts?.[host];
    if (mapped) return { address: mapped, explicit: true };
    if (isIP(host)) return { address: host, explicit: true };
    const { address } = await lookup(host);
    return { address, explicit: false };
  }

  private denied(sessionId: string, attempt: DeniedAttempt): void {
    this.deps.bus.emit('networkDenied', { sessionId, attempt });
    const list = this.pendingDenials.get(sessionId) ?? [];
    list.push(attempt);
    this.pendingDenials.set(sessionId, list);
    // One write for a burst of refusals (a tool retrying in a loop).
    this.flushTimer ??= setTimeout(() => void this.flushDenials(), 300);
  }

  private async flushDenials(): Promise<void> {
    this.flushTimer = null;
    const all = [...this.pendingDenials];
    this.pendingDenials.clear();
    for (const [id, list] of all) {
      await this.store
        .update(id, (r) => ({
          ...r,
          denied: [...list.reverse(), ...r.denied].slice(0, MAX_DENIED),
        }))
        .catch(() => undefined);
    }
  }

  async state(sessionId: string): Promise<NetworkState> {
    const rec = await this.store.read(sessionId);
    if (!rec) {
      // Started before sessions had a network record: the engine's network, as configured.
      return { sessionId, policy: 'default', sessionAllow: [], gateway: 'off', denied: [] };
    }
    const pending = [...(this.pendingDenials.get(sessionId) ?? [])].reverse();
    return {
      sessionId,
      policy: rec.policy,
      sessionAllow: rec.sessionAllow,
      gateway: this.gatewayState(sessionId, rec),
      denied: [...pending, ...rec.denied].slice(0, MAX_DENIED),
    };
  }

  private gatewayState(sessionId: string, rec: NetworkRecord): NetworkState['gateway'] {
    if (typeof rec.policy === 'string') return 'off';
    if (this.served.get(sessionId)?.gateway) return 'serving';
    if (rec.servedBy && !isThisProcess(rec.servedBy) && processAlive(rec.servedBy))
      return 'serving';
    return 'waiting';
  }

  async allowHost(input: {
    sessionId: string;
    pattern: string;
    scope: 'session' | 'project';
  }): Promise<NetworkState> {
    const session = await this.deps.getSession(input.sessionId);
    if (!session) throw new AppError('session-not-found', `no session ${input.sessionId}`);
    const rec = await this.store.update(input.sessionId, (r) =>
      r.sessionAllow.includes(input.pattern)
        ? null
        : { ...r, sessionAllow: [...r.sessionAllow, input.pattern] },
    );
    if (!rec || typeof rec.policy === 'string') {
      throw new AppError(
        'network-not-allowlist',
        `session ${input.sessionId} has no allowlist: its network is ${rec ? `"${rec.policy}"` : 'the engine default'}`,
      );
    }
    if (input.scope === 'project')
      await allowForProject({ ...this.host, folder: session.folder, pattern: input.pattern });
    this.rules.delete(input.sessionId);
    return this.state(input.sessionId);
  }

  /** A removed session's record goes with it. */
  async forget(sessionId: string): Promise<void> {
    this.release(sessionId);
    this.rules.delete(sessionId);
    this.ungated.delete(sessionId);
    await this.store.remove(sessionId);
  }

  /** Stops serving; the denials still waiting for their batched write are written first. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const id of [...this.served.keys()]) this.release(id);
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      await this.flushDenials();
    }
  }
}
