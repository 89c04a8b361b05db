/**
 * The detach sequence, as in `docker attach`: Ctrl-P then Ctrl-Q. A Ctrl-P is held back until
 * the next key shows whether it starts the sequence; any other key sends both on.
 */
export const CTRL_P = '\x10';
export const CTRL_Q = '\x11';

export class DetachKeys {
  private pending = false;

  /** Splits typed input into what goes to the terminal and whether the user detached. */
  feed(input: string): { send: string; detach: boolean } {
    let send = '';
    for (const ch of input) {
      if (this.pending) {
        this.pending = false;
        if (ch === CTRL_Q) return { send, detach: true };
        if (ch === CTRL_P) {
          send += CTRL_P;
          this.pending = true;
          continue;
        }
        send += CTRL_P + ch;
        continue;
      }
      if (ch === CTRL_P) this.pending = true;
      else send += ch;
    }
    return { send, detach: false };
  }
}
