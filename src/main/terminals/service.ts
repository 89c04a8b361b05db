/**
 * TerminalService: every terminal of every session, the agent's TTY included (it implements
 * AgentLauncher). Owns the LiveTerminals, emits the terminal events on the bus and keeps one
 * AttentionTracker per session that has an agent.
 */
import { AppError } from '../../shared/errors';
import type { SessionInfo } from '../../shared/schemas/session';
import type { TerminalInfo, TerminalKind, TerminalSnapshot } from '../../shared/schemas/terminal';
import type { Engine } from '../engine/types';
import type { AgentLauncher, AgentSpec } from '../sessions/agent-launcher';
import { attachAgentBackend, openAgentBackend } from './agent-backend';
import {
  tmuxAgentAlive,
  tmuxAttentionMode,
  tmuxHistory,
  tmuxKill,
  type TmuxTarget,
} from './agent-tmux';
import { TmuxScroll } from './tmux-scroll';
import { AttentionTracker } from './attention';
import type { TerminalBackend } from './backend';
import { openContainerBackend } from './container-backend';
import { HookWatcher } from './hook-watcher';
import { KeyedLock } from '../keyed-lock';
import { openHostBackend } from './host-backend';
import { LiveTerminal } from './live-terminal';
import { DEFAULT_SCROLLBACK } from './screen';
import { DEFAULT_SIZE, isClaude, newTerminalId, type TerminalServiceDeps } from './service-deps';

export type { TerminalServiceDeps } from './service-deps';

export class TerminalService implements AgentLauncher {
  private readonly terminals = new Map<string, LiveTerminal>();
  private readonly attention = new Map<string, AttentionTracker>();
  private readonly watchers = new Map<string, HookWatcher>();
  /** Removes the abort listener a viewer's attach put on its connection's signal. */
  private readonly abortHooks = new Map<string, () => void>();
  /** Agent terminals that are tmux clients: terminal id → where the agent's tmux runs. */
  private readonly tmuxAgents = new Map<string, TmuxTarget>();
  private readonly scroller = new TmuxScroll((id) => this.tmuxAgents.get(id));
  /** One launch or resume per session at a time (a reconcile may race a start). */
  private readonly agentLock = new KeyedLock();
  /** Containers whose surviving agent was looked for (or launched) by this process. */
  private readonly resumeTried = new Set<string>();

  constructor(private readonly deps: TerminalServiceDeps) {}

  /** Lets core create this service before the session manager that it looks sessions up in. */
  setSessionLookup(getSession: TerminalServiceDeps['getSession']): void {
    this.deps.getSession = getSession;
  }

  list(sessionId: string): TerminalInfo[] {
    return [...this.terminals.values()]
      .map((t) => t.snapshotInfo)
      .filter((i) => i.sessionId === sessionId);
  }

  /**
   * The session's terminals once a surviving agent has been looked for: a client asking right
   * after this process started (a second `claude-run attach`, a window restored at launch) must
   * get the agent's terminal back, not race the reconcile that re-attaches it.
   */
  async listResumed(sessionId: string): Promise<TerminalInfo[]> {
    if (!this.list(sessionId).some((t) => t.role === 'agent')) {
      const session = await this.deps.getSession(sessionId).catch(() => null);
      if (session?.status === 'running') await this.resume(session).catch(() => false);
    }
    return this.list(sessionId);
  }

  private get(terminalId: string): LiveTerminal {
    const t = this.terminals.get(terminalId);
    if (!t) {
      throw new AppError(
        'terminal-not-found',
        `there is no terminal ${terminalId}`,
        "list the session's terminals and pick one that exists",
      );
    }
    return t;
  }

  private async session(sessionId: string): Promise<SessionInfo> {
    const s = await this.deps.getSession(sessionId);
    if (!s)
      throw new AppError(
        'session-not-found',
        `there is no session ${sessionId}`,
        'pick a session from the list',
      );
    return s;
  }

  private async scrollbackFor(session: SessionInfo): Promise<number> {
    try {
      const lines = (await this.deps.scrollback?.(session)) ?? DEFAULT_SCROLLBACK;
      return Number.isFinite(lines)
        ? Math.max(0, Math.min(Math.floor(lines), 1_000_000))
        : DEFAULT_SCROLLBACK;
    } catch {
      return DEFAULT_SCROLLBACK; // an unreadable config must not cost the user a terminal
    }
  }

  private requireContainer(session: SessionInfo): string {
    if (session.status !== 'running' || !session.containerId) {
      throw new AppError(
        'session-not-running',
        `session ${session.name} has no running container (it is ${session.status})`,
        'start or restart the session first',
      );
    }
    return session.containerId;
  }

  async open(input: {
    sessionId: string;
    kind: TerminalKind;
    cols: number;
    rows: number;
  }): Promise<TerminalInfo> {
    const session = await this.session(input.sessionId);
    const size = { cols: input.cols, rows: input.rows };
    let backend: TerminalBackend;
    if (input.kind === 'container') {
      const containerId = this.requireContainer(session);
      const engine = await this.deps.getEngine(session);
      backend = await openContainerBackend(engine, {
        containerId,
        cmd: this.deps.containerShell ?? ['/opt/ccr/bin/agent-run'],
        user: session.containerUser,
        workdir: '/workspace',
        ...size,
      });
    } else {
      backend = await openHostBackend({
        cwd: session.folder,
        cmd: this.deps.hostShell,
        env: this.deps.hostEnv,
        ...size,
      });
    }
    const n =
      this.list(session.id).filter((t) => t.kind === input.kind && t.role === 'shell').length + 1;
    const title = input.kind === 'container' ? `container shell ${n}` : `host shell ${n}`;
    return this.add(
      session.id,
      input.kind,
      'shell',
      title,
      backend,
      size,
      await this.scrollbackFor(session),
    );
  }

  /**
   * AgentLauncher: the agent's TTY is a container terminal running spec.cmd; inside tmux when
   * the image has it (so a later app process can attach again), else a plain TTY exec.
   */
  async launch(session: SessionInfo, spec: AgentSpec): Promise<void> {
    const containerId = this.requireContainer(session);
    return this.agentLock.run(session.id, async () => {
      const engine = await this.deps.getEngine(session);
      // The old agent ends here: a plain exec when its terminal closes, a tmux-held one when the
      // launch below replaces the tmux server (awaited, so it cannot race the new agent).
      for (const t of this.list(session.id)) {
        if (t.role === 'agent') this.close(t.id, { keepAgent: true });
      }
      this.resumeTried.add(containerId);
      const hooks = isClaude(spec.cmd);
      const tracker = this.startAttention(session.id, engine, containerId, hooks);
      const scrollback = await this.scrollbackFor(session);
      const target = { engine, containerId, user: spec.user };
      const { backend, tmux } = await openAgentBackend(target, spec, hooks, DEFAULT_SIZE);
      tracker.set('working', 'session-start');
      this.addAgent(session.id, backend, scrollback, tracker, tmux ? target : undefined);
    });
  }

  /**
   * AgentLauncher: a running session adopted by this process gets its agent's terminal back by
   * attaching to the agent's tmux session, when one survives in the container (tmux redraws the
   * screen). False when there is none (no tmux, or the container was restarted): nothing runs.
   */
  async resume(session: SessionInfo): Promise<boolean> {
    const containerId = session.containerId;
    if (session.status !== 'running' || !containerId) return false;
    return this.agentLock.run(session.id, async () => {
      if (this.list(session.id).some((t) => t.role === 'agent')) return true;
      if (this.resumeTried.has(containerId)) return false;
      this.resumeTried.add(containerId);
      const engine = await this.deps.getEngine(session);
      const target = { engine, containerId, user: session.containerUser };
      if (!(await tmuxAgentAlive(target))) return false;
      const hooks = (await tmuxAttentionMode(target)) === 'hooks';
      const tracker = this.startAttention(session.id, engine, containerId, hooks);
      const scrollback = await this.scrollbackFor(session);
      const backend = await attachAgentBackend(target, DEFAULT_SIZE);
      this.addAgent(session.id, backend, scrollback, tracker, target);
      return true;
    });
  }

  private startAttention(
    sessionId: string,
    engine: Engine,
    containerId: string,
    hooks: boolean,
  ): AttentionTracker {
    this.stopAttention(sessionId);
    const tracker = new AttentionTracker(
      sessionId,
      { mode: hooks ? 'hooks' : 'heuristic', quietMs: this.deps.quietMs ?? 5000 },
      (p) => this.deps.bus.emit('sessionAttention', p),
    );
    this.attention.set(sessionId, tracker);
    if (hooks) {
      const watcher = new HookWatcher(engine, containerId, (line) =>
        tracker.onHook(line.state, line.reason),
      );
      this.watchers.set(sessionId, watcher);
      // Attention is a convenience: the agent runs even when the watcher cannot start.
      watcher.start().catch(() => undefined);
    }
    return tracker;
  }

  private addAgent(
    sessionId: string,
    backend: TerminalBackend,
    scrollback: number,
    tracker: AttentionTracker,
    tmux?: TmuxTarget,
  ): void {
    const size = DEFAULT_SIZE;
    const info = this.add(
      sessionId,
      'container',
      'agent',
      'agent',
      backend,
      size,
      scrollback,
      tracker,
      tmux,
    );
    if (tmux) this.tmuxAgents.set(info.id, tmux);
  }

  private add(
    sessionId: string,
    kind: TerminalKind,
    role: 'agent' | 'shell',
    title: string,
    backend: TerminalBackend,
    size: { cols: number; rows: number },
    scrollback: number,
    tracker?: AttentionTracker,
    tmux?: TmuxTarget,
  ): TerminalInfo {
    const id = newTerminalId();
    const { bus } = this.deps;
    const createdAt = new Date().toISOString();
    const terminal = new LiveTerminal({
      info: {
        ...{ id, sessionId, kind, role, title, ...size, createdAt },
        ...(tmux ? { scrollback: 'tmux' as const } : {}),
      },
      backend,
      scrollback,
      // The agent under tmux: its history is tmux's, seeded into each viewer on attach.
      ...(tmux
        ? { history: { lines: scrollback, read: () => tmuxHistory(tmux, scrollback) } }
        : {}),
      flow: this.deps.flow,
      screen: this.deps.screen,
      batch: this.deps.batch,
      events: {
        output: (p) => bus.emit('terminalOutput', p),
        resized: (p) => bus.emit('terminalResized', p),
        exit: (p) => {
          bus.emit('terminalExit', p);
          if (tracker) tracker.onExit();
          this.changed(sessionId);
        },
      },
      onOutput: tracker ? (d) => tracker.onOutput(d) : undefined,
      onInput: tracker ? (d) => tracker.onInput(d) : undefined,
    });
    this.terminals.set(id, terminal);
    this.changed(sessionId);
    return terminal.snapshotInfo;
  }

  private changed(sessionId: string): void {
    this.deps.bus.emit('terminalsChanged', { sessionId, terminals: this.list(sessionId) });
  }

  /**
   * Closes a terminal. Closing the agent's terminal ends the agent, as it always did; `keepAgent`
   * (session stopped, app quitting) only detaches from a tmux-held agent, which lives on.
   */
  close(terminalId: string, opts: { keepAgent?: boolean } = {}): void {
    const t = this.get(terminalId);
    this.terminals.delete(terminalId);
    const tmux = this.tmuxAgents.get(terminalId);
    this.tmuxAgents.delete(terminalId);
    this.scroller.forget(terminalId);
    if (tmux && !opts.keepAgent) void tmuxKill(tmux);
    for (const [key, remove] of this.abortHooks) {
      if (key.startsWith(`${terminalId}/`)) {
        remove();
        this.abortHooks.delete(key);
      }
    }
    t.close();
    this.changed(t.snapshotInfo.sessionId);
  }

  write(terminalId: string, data: string, viewerId?: string): void {
    const terminal = this.get(terminalId);
    this.scroller.write(terminalId, () => terminal.write(data, viewerId));
  }

  /** Scrolls a tmux-held terminal's history; false when viewers scroll their own. */
  scroll(terminalId: string, lines: number): Promise<boolean> {
    this.get(terminalId);
    return this.scroller.scroll(terminalId, lines);
  }

  resize(terminalId: string, cols: number, rows: number, viewerId: string): Promise<void> {
    return this.get(terminalId).resize(cols, rows, viewerId);
  }

  async attach(
    terminalId: string,
    viewerId: string,
    signal?: AbortSignal,
  ): Promise<TerminalSnapshot> {
    const t = this.get(terminalId);
    const snapshot = await t.attach(viewerId);
    // A viewer whose window or socket goes away stops counting for flow control. One listener
    // per viewer and terminal, however often it re-attaches over the same connection.
    const key = `${terminalId}/${viewerId}`;
    if (signal && !signal.aborted && !this.abortHooks.has(key)) {
      const onAbort = () => {
        this.abortHooks.delete(key);
        this.terminals.get(terminalId)?.detach(viewerId);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.abortHooks.set(key, () => signal.removeEventListener('abort', onAbort));
    }
    return snapshot;
  }

  detach(terminalId: string, viewerId: string): void {
    const key = `${terminalId}/${viewerId}`;
    this.abortHooks.get(key)?.();
    this.abortHooks.delete(key);
    this.terminals.get(terminalId)?.detach(viewerId);
  }

  ack(terminalId: string, viewerId: string, chars: number): void {
    this.terminals.get(terminalId)?.ack(viewerId, chars);
  }

  private stopAttention(sessionId: string): void {
    this.watchers.get(sessionId)?.stop();
    this.watchers.delete(sessionId);
    this.attention.get(sessionId)?.dispose();
    this.attention.delete(sessionId);
  }

  /** Closes every terminal of a session (it stopped or was removed). */
  closeSession(sessionId: string): void {
    for (const t of this.list(sessionId)) this.close(t.id, { keepAgent: true });
    this.stopAttention(sessionId);
  }

  dispose(): void {
    const sessions = new Set([...this.terminals.values()].map((t) => t.snapshotInfo.sessionId));
    for (const s of sessions) this.closeSession(s);
    for (const s of [...this.attention.keys()]) this.stopAttention(s);
  }
}
