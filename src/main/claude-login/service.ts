/**
 * Login sync: one Claude login, kept valid in every running session. Claude Code's OAuth login
 * rotates: when one copy refreshes, every other copy's refresh token stops working. So the
 * host store (file or Keychain) is the one source of truth, and:
 *  - a session's copy that became newer (later expiresAt, same account) is written to the host
 *    store, under its lock, after reading the store again (never over a newer or equal copy);
 *  - a host copy newer than a session's is written into that session (only over the exact copy
 *    read from it, so a refresh in the session meanwhile is never lost).
 * Other accounts are never written either way; a copy that is not a Claude login is ignored,
 * with the reason in the session's log (never its content). The app refreshes nothing itself.
 *
 * Only the elected process of a data dir runs it (setActive), like the commit watchers.
 */
import type {
  LoginSyncReport,
  SessionLoginState,
  SessionLoginSync,
} from '../../shared/schemas/claude-login';
import type { SessionInfo } from '../../shared/schemas/session';
import type { Engine } from '../engine/types';
import type { EventBus } from '../events';
import { compareLogins, otherAccountReason, type LoginCopy, type Verdict } from './compare';
import { putContainerLogin, type ContainerRef } from './container-copy';
import { readSessionCopy } from './session-copy';
import { type HostCopy, hostCopyOf, readHostCopy } from './host-copy';
import { ContainerLoginWatch, NO_WATCHER } from './container-watch';
import type { HostAccount } from './host-account';
import type { HostLoginStore } from './host-store';
import { watchHostLogin } from './host-watch';
import { SharedStateWriter, readSharedState } from './shared-state';
import { isoOf } from './login-text';
import { LONG_LIVED_TOKEN_HINT, expiredNote } from './report-notes';

export interface LoginSyncDeps {
  bus: EventBus;
  store: HostLoginStore;
  hostAccount: HostAccount;
  engineFor(session: SessionInfo): Promise<Engine>;
  /** Seconds between the container watcher's reads (default 0.25). */
  watchInterval?: number;
  /** Quiet time after a change before it is read: a login writes two files (default 300 ms). */
  settleMs?: number;
  /** How often the host store is checked besides fs.watch (default 1 s; Keychain 3 s). */
  hostPollMs?: number;
  now?: () => Date;
  /**
   * Where the syncing process keeps its per-session rows for the others sharing the data dir
   * (absent: rows are this process's only).
   */
  stateFile?: string;
  /** Problems that belong to no session (the host store); default console.warn. */
  warn?: (message: string) => void;
}

interface Tracked {
  info: SessionInfo;
  ref: ContainerRef | null;
  watch: ContainerLoginWatch | null;
  sync: SessionLoginSync;
  settle: NodeJS.Timeout | null;
  /** When the first change not read yet was seen. */
  pendingSince: number | null;
  lastLogged: string | null;
  /** Whether the session's log already says the host login had expired. */
  expiryNoted: boolean;
  /** The session's copy as last read (a valid login), so a push needs no read first. */
  known: { text: string; copy: LoginCopy } | null;
}

/** The longest a change waits for the session's files to be quiet before it is read. */
const MAX_SETTLE_MS = 1000;

export class LoginSyncService {
  private active = false;
  private readonly tracked = new Map<string, Tracked>();
  private queue: Promise<void> = Promise.resolve();
  private stopHostWatch: (() => void) | null = null;
  /** The host text last seen, so our own writes and unchanged polls cost nothing. */
  private lastHostText: string | null = null;
  private disposed = false;
  private readonly shared: SharedStateWriter | null;

  constructor(private readonly deps: LoginSyncDeps) {
    this.shared = deps.stateFile ? new SharedStateWriter(deps.stateFile) : null;
  }

  /** Tells the other processes sharing the data dir what this one sees. */
  private publish(): void {
    if (!this.active) return;
    this.shared?.write({
      updatedAt: this.now().toISOString(),
      sessions: [...this.tracked.values()].map((t) => ({ ...t.sync })),
    });
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** Becomes (or stops being) the process that syncs; `all`: every record of the data dir. */
  async setActive(active: boolean, all: readonly SessionInfo[]): Promise<void> {
    if (this.disposed) return;
    this.active = active;
    if (active && !this.stopHostWatch) {
      const keychain = this.deps.store.watchPath === null;
      this.stopHostWatch = watchHostLogin({
        path: this.deps.store.watchPath,
        pollMs: this.deps.hostPollMs ?? (keychain ? 3000 : 1000),
        onChange: () => this.enqueue(() => this.onHostChange()),
      });
    } else if (!active && this.stopHostWatch) {
      this.stopHostWatch();
      this.stopHostWatch = null;
    }
    await this.sync(all);
    this.publish();
  }

  /** Brings the watchers in line with the records (running sessions only, when active). */
  async sync(all: readonly SessionInfo[]): Promise<void> {
    const wanted = new Map(
      all
        .filter((s) => this.active && s.status === 'running' && s.containerId !== null)
        .map((s) => [s.id, s]),
    );
    for (const [id, t] of this.tracked) {
      const w = wanted.get(id);
      if (!w || w.containerId !== t.info.containerId) this.untrack(id);
      else t.info = w;
    }
    await Promise.all(
      [...wanted.values()].filter((s) => !this.tracked.has(s.id)).map((s) => this.track(s)),
    );
  }

  private async track(info: SessionInfo): Promise<void> {
    const t: Tracked = {
      info,
      ref: null,
      watch: null,
      sync: {
        sessionId: info.id,
        account: null,
        expiresAt: null,
        lastSyncedAt: null,
        state: 'no-login',
        message: 'not read yet',
      },
      settle: null,
      pendingSince: null,
      lastLogged: null,
      expiryNoted: false,
      known: null,
    };
    this.tracked.set(info.id, t);
    let engine: Engine;
    try {
      engine = await this.deps.engineFor(info);
    } catch (e) {
      this.setState(t, 'no-login', `the session's engine is not reachable: ${errText(e)}`);
      return;
    }
    if (this.tracked.get(info.id) !== t || this.disposed) return;
    t.ref = { engine, containerId: info.containerId!, user: info.containerUser };
    t.watch = new ContainerLoginWatch({
      ...t.ref,
      ...(this.deps.watchInterval !== undefined ? { interval: this.deps.watchInterval } : {}),
      onChange: () => this.changed(t),
      onEnd: (reason) => {
        if (reason !== NO_WATCHER) return;
        this.setState(t, t.sync.state, `${reason}: its login is not kept in step`);
        this.log(t, `login sync: ${reason}; a session started now has one`);
      },
    });
    t.watch.start();
  }

  private untrack(id: string): void {
    const t = this.tracked.get(id);
    if (!t) return;
    this.tracked.delete(id);
    this.publish();
    if (t.settle) clearTimeout(t.settle);
    t.watch?.stop();
  }

  /** A change in the session: read it once things are quiet (a login writes two files). */
  private changed(t: Tracked): void {
    const now = Date.now();
    t.pendingSince ??= now;
    // A file that never stops changing is still read: at most a second after the first change.
    const wait = Math.max(
      0,
      Math.min(this.deps.settleMs ?? 300, t.pendingSince + MAX_SETTLE_MS - now),
    );
    if (t.settle) clearTimeout(t.settle);
    t.settle = setTimeout(() => {
      t.settle = null;
      t.pendingSince = null;
      this.enqueue(() => this.evaluate(t));
    }, wait);
  }

  /** One decision at a time in this process; the store's lock covers other processes. */
  private enqueue(fn: () => Promise<void>): void {
    this.queue = this.queue
      .then(fn)
      .catch((e: unknown) => this.warn(`login sync failed: ${errText(e)}`));
  }

  /** Resolves when every decision queued so far is made (tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  private warn(message: string): void {
    (this.deps.warn ?? ((m: string) => console.warn(m)))(message);
  }

  /**
   * A problem in the session's log (the app shows a running session's system lines as a
   * notice). Routine syncs are not logged: loginSynced and Settings show them.
   */
  private log(t: Tracked, text: string): void {
    if (t.lastLogged === text) return;
    t.lastLogged = text;
    this.deps.bus.emit('sessionLog', { sessionId: t.info.id, stream: 'system', text: `${text}\n` });
  }

  private setState(t: Tracked, state: SessionLoginState, message?: string, synced = false): void {
    t.sync = {
      ...t.sync,
      state,
      ...(synced ? { lastSyncedAt: this.now().toISOString() } : {}),
    };
    if (message === undefined) delete t.sync.message;
    else t.sync.message = message;
    this.publish();
  }

  private async onHostChange(): Promise<void> {
    if (!this.active) return;
    const r = await this.deps.store.read();
    const text = r.state === 'ok' ? r.text : null;
    if (text !== null && text === this.lastHostText) return;
    this.lastHostText = text;
    if (text === null) return;
    const host = hostCopyOf(text, await this.deps.hostAccount.read(), this.now().getTime());
    if (!host.ok) return;
    // Every session gets the new host copy when it is newer than the one it holds.
    await Promise.all([...this.tracked.values()].map((t) => this.offer(t, host)));
  }

  /** Reads the session's copy and moves the newer one across, if either is newer. */
  private async evaluate(t: Tracked): Promise<void> {
    if (!this.active || this.tracked.get(t.info.id) !== t || !t.ref) return;
    const read = await readSessionCopy(t.ref, this.now().getTime());
    if (!read.ok && read.state === 'unreadable') {
      this.setState(t, t.sync.state, read.why);
      return;
    }
    t.known = null;
    if (!read.ok && read.state === 'no-login') {
      t.sync = { ...t.sync, account: null, expiresAt: null };
      this.setState(t, 'no-login', read.why);
      return;
    }
    if (!read.ok) {
      this.setState(t, 'corrupt', `the session's login file is ignored: ${read.why}`);
      this.log(t, `login sync: the session's credentials file is ignored: ${read.why}`);
      return;
    }
    const { text, copy: mine } = read;
    t.known = { text, copy: mine };
    t.sync = { ...t.sync, account: mine.account.label, expiresAt: isoOf(mine.expiresAt) };
    this.publish();

    const hostAccount = await this.deps.hostAccount.read();
    let verdict = 'host-none' as Verdict | 'host-none';
    let hostWhy = '';
    let host: HostCopy | null = null;
    const { written } = await this.deps.store.update((current) => {
      if (current.state !== 'ok') {
        hostWhy = current.state === 'missing' ? 'no Claude login on this machine' : current.why;
        return null;
      }
      host = hostCopyOf(current.text, hostAccount, this.now().getTime());
      if (!host.ok) {
        hostWhy = host.why;
        return null;
      }
      verdict = compareLogins(mine, host.copy);
      return verdict === 'newer' ? text : null;
    });
    const h = host as HostCopy | null;
    if (
      h?.ok &&
      !t.expiryNoted &&
      h.copy.expiresAt <= this.now().getTime() &&
      verdict !== 'newer'
    ) {
      t.expiryNoted = true;
      this.log(t, `login sync: ${expiredNote(isoOf(h.copy.expiresAt))}`);
    }
    switch (verdict) {
      case 'host-none':
        this.setState(t, 'no-login', `not synced: ${hostWhy}`);
        return;
      case 'other-account': {
        const why = otherAccountReason(mine.account, hostAccount);
        this.setState(t, 'other-account', why);
        this.log(t, `login sync: ${why}`);
        return;
      }
      case 'same':
        this.setState(t, 'in-step', undefined, t.sync.state !== 'in-step' || !t.sync.lastSyncedAt);
        return;
      case 'newer': {
        if (!written) return;
        this.lastHostText = text;
        this.setState(
          t,
          'pulled',
          `its refreshed login was written to ${this.deps.store.source}`,
          true,
        );
        this.deps.bus.emit('loginSynced', {
          sessionId: t.info.id,
          direction: 'to-host',
          at: this.now().toISOString(),
        });
        // Every other running session gets it now, before its own copy is refused (all at
        // once: each is an exec, and a slow engine must not add them up).
        const fresh = { text, copy: mine };
        await Promise.all(
          [...this.tracked.values()].filter((o) => o !== t).map((o) => this.offer(o, fresh)),
        );
        return;
      }
      case 'older':
        if (h?.ok) await this.push(t, text, h);
        return;
    }
  }

  /** Gives the session `host` when the copy it held when last read is older (same account). */
  private async offer(t: Tracked, host: { text: string; copy: LoginCopy }): Promise<void> {
    if (!this.active || this.tracked.get(t.info.id) !== t || !t.known) return;
    switch (compareLogins(t.known.copy, host.copy)) {
      case 'older':
        return this.push(t, t.known.text, host);
      case 'newer':
        return this.evaluate(t); // the session refreshed meanwhile: that one goes to the host
      case 'same':
        this.setState(t, 'in-step', undefined, t.sync.state !== 'in-step' || !t.sync.lastSyncedAt);
        return;
      case 'other-account':
        return; // said when it was read
    }
  }

  /** Writes `host` into the session over `expected` (what was read from it), nothing else. */
  private async push(
    t: Tracked,
    expected: string,
    host: { text: string; copy: LoginCopy },
  ): Promise<void> {
    if (!t.ref) return;
    let put;
    try {
      put = await putContainerLogin(t.ref, expected, host.text);
    } catch (e) {
      this.setState(t, 'older', errText(e));
      return;
    }
    if (put === 'changed') {
      // The session wrote its file meanwhile: its watcher reports it and it is read again.
      this.setState(t, 'older', 'the session changed its login while it was being updated');
      return;
    }
    t.known = {
      text: host.text,
      copy: { ...host.copy, account: t.known?.copy.account ?? host.copy.account },
    };
    t.sync = { ...t.sync, expiresAt: isoOf(host.copy.expiresAt) };
    this.setState(t, 'pushed', 'the host\u2019s newer login was written into the session', true);
    this.deps.bus.emit('loginSynced', {
      sessionId: t.info.id,
      direction: 'to-session',
      at: this.now().toISOString(),
    });
  }

  async report(): Promise<LoginSyncReport> {
    const host = await readHostCopy(this.deps.store, this.deps.hostAccount, this.now().getTime());
    const store = this.deps.store;
    const account = host.ok ? host.copy.account.label : null;
    const expiresAt = host.ok ? host.copy.expiresAt : null;
    return {
      host: {
        store: host.ok || !host.missing ? store.kind : 'none',
        source: store.source,
        account,
        expiresAt: expiresAt === null ? null : isoOf(expiresAt),
        expired: expiresAt !== null && expiresAt <= this.now().getTime(),
        ...(host.ok ? {} : { problem: host.why }),
      },
      sessions: this.active
        ? [...this.tracked.values()].map((t) => ({ ...t.sync }))
        : await this.othersRows(),
      active: this.active,
      longLivedTokenHint: LONG_LIVED_TOKEN_HINT,
    };
  }

  /** Another process syncs: its rows, as it last wrote them. */
  private async othersRows() {
    if (!this.deps.stateFile) return [];
    return (await readSharedState(this.deps.stateFile))?.sessions ?? [];
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.active = false;
    this.stopHostWatch?.();
    this.stopHostWatch = null;
    for (const id of [...this.tracked.keys()]) this.untrack(id);
    // A decision in flight finishes (a host write is never cut short), but an engine that
    // stopped answering does not hold up the app's exit.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.queue.catch(() => undefined),
      new Promise<void>((r) => (timer = setTimeout(r, 5000))),
    ]);
    clearTimeout(timer);
    await this.shared?.flush();
  }
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
