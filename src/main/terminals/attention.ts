/**
 * Whether a session's agent needs the user. Claude Code reports through hooks (see
 * kit/attention-hook.ts and hook-watcher.ts); any other agent is judged from its terminal: a
 * BEL (outside OSC sequences, which also end in BEL) or a quiet period after output means it
 * is waiting, Enter typed by the user while it waits means it works again. The wrapper's
 * "[ccr] agent exited" line means it finished.
 */
import type { AttentionState, SessionAttention } from '../../shared/schemas/terminal';

export interface AttentionOptions {
  /** 'hooks': state comes from the agent's hooks (Claude Code); no quiet-period guessing. */
  mode: 'hooks' | 'heuristic';
  quietMs: number;
}

/** Output this soon after a keystroke is taken for its echo, not for the agent working. */
const ECHO_MS = 500;

export const AGENT_EXITED_MARKER = '[ccr] agent exited with status';

export class AttentionTracker {
  private state: AttentionState | null = null;
  private reason = '';
  private lastInputAt = 0;
  private quietTimer: NodeJS.Timeout | null = null;
  private inOsc = false;
  private pendingEsc = false;
  private disposed = false;

  constructor(
    private readonly sessionId: string,
    private readonly opts: AttentionOptions,
    private readonly emit: (payload: SessionAttention) => void,
  ) {}

  get current(): AttentionState | null {
    return this.state;
  }

  set(state: AttentionState, reason: string): void {
    if (this.disposed) return;
    if (state !== 'working') this.clearQuiet();
    if (this.state === state && this.reason === reason) return;
    this.state = state;
    this.reason = reason;
    this.emit({ sessionId: this.sessionId, state, reason });
  }

  onOutput(data: string): void {
    if (this.disposed) return;
    if (data.includes('[ccr]') && data.includes(AGENT_EXITED_MARKER)) {
      this.set('finished', 'exited');
      return;
    }
    if (this.scanForBell(data)) {
      this.set('waiting', 'bell');
      return;
    }
    if (this.opts.mode === 'heuristic') {
      // Output long after the last keystroke (not its echo) after a mere quiet period: working.
      const resumed =
        this.state === 'waiting' &&
        this.reason === 'quiet' &&
        Date.now() - this.lastInputAt > ECHO_MS;
      if (this.state === null || resumed) this.set('working', 'output');
      if (this.state === 'working') this.armQuiet();
    }
  }

  onInput(data: string): void {
    if (this.disposed) return;
    this.lastInputAt = Date.now();
    if ((this.state === 'waiting' || this.state === 'finished') && /[\r\n]/.test(data)) {
      this.set('working', 'input');
      if (this.opts.mode === 'heuristic') this.armQuiet();
    }
  }

  /** A report from the agent's hooks. */
  onHook(state: AttentionState, reason: string): void {
    this.set(state, reason);
  }

  onExit(): void {
    this.set('finished', 'exited');
  }

  private armQuiet(): void {
    this.clearQuiet();
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      if (this.state === 'working') this.set('waiting', 'quiet');
    }, this.opts.quietMs);
    this.quietTimer.unref?.();
  }

  private clearQuiet(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
  }

  /** True when the chunk has a BEL that is not the end of an OSC sequence. */
  private scanForBell(data: string): boolean {
    if (!this.inOsc && !this.pendingEsc && !data.includes('\x07') && !data.includes('\x1b]')) {
      this.pendingEsc = data.endsWith('\x1b');
      return false;
    }
    let bell = false;
    let esc = this.pendingEsc;
    for (let i = 0; i < data.length; i++) {
      const c = data.charCodeAt(i);
      if (this.inOsc) {
        if (c === 0x07 || (esc && c === 0x5c)) this.inOsc = false;
        esc = c === 0x1b;
        continue;
      }
      if (esc && c === 0x5d) this.inOsc = true;
      else if (c === 0x07) bell = true;
      esc = c === 0x1b;
    }
    this.pendingEsc = esc;
    return bell;
  }

  dispose(): void {
    this.disposed = true;
    this.clearQuiet();
  }
}
