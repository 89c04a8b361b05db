/**
 * Scrolling a terminal whose history lives in tmux (the agent under tmux): the tmux client
 * shows only the current screen (in the alternate screen), so a viewer's own scrollback is
 * empty; scrolling moves tmux's pane through its history instead (copy mode). Keys typed while
 * scrolled back would be taken by copy mode, so the pane leaves it before any write, and
 * writes keep their order behind that.
 */
import { tmuxLeaveCopyMode, tmuxScroll, type TmuxTarget } from './agent-tmux';

export class TmuxScroll {
  /** Terminals that may be in copy mode (scrolled by a viewer since their last write). */
  private readonly scrolled = new Set<string>();
  /** Writes waiting for copy mode to be left, per terminal, in order. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(private readonly targetOf: (terminalId: string) => TmuxTarget | undefined) {}

  /** False when the terminal keeps its own history (the viewer scrolls it). */
  async scroll(terminalId: string, lines: number): Promise<boolean> {
    const target = this.targetOf(terminalId);
    if (!target) return false;
    this.scrolled.add(terminalId);
    await tmuxScroll(target, lines);
    return true;
  }

  /** Runs `write` now, or once the pane has left copy mode. */
  write(terminalId: string, write: () => void): void {
    const target = this.targetOf(terminalId);
    const before = this.pending.get(terminalId);
    if (!target || (!before && !this.scrolled.has(terminalId))) return write();
    let ready = before ?? Promise.resolve();
    if (this.scrolled.delete(terminalId)) {
      ready = ready.then(() => tmuxLeaveCopyMode(target)).catch(() => undefined);
    }
    const next = ready.then(write).catch(() => undefined);
    this.pending.set(terminalId, next);
    void next.then(() => {
      if (this.pending.get(terminalId) === next) this.pending.delete(terminalId);
    });
  }

  forget(terminalId: string): void {
    this.scrolled.delete(terminalId);
    this.pending.delete(terminalId);
  }
}
