/**
 * What a viewer's xterm parser and buffer look like after a terminal's output so far, as far as
 * planCompaction needs it (shared/terminal-compaction.ts): is the parser in ground state, is
 * the scroll region the whole screen. Followed character by character with the transitions of
 * a DEC/ANSI parser (the one xterm.js implements), without parsing into a screen, so the app can
 * skip what a flood scrolls by before sending it to viewers.
 *
 * Conservative: anything it does not follow exactly (a scroll region set to less than the
 * screen, the alternate buffer, a C1 control in a string) makes it say "not at rest" until a
 * sequence brings back a known state (a full scroll region, leaving the alternate buffer, RIS,
 * soft reset). Saying "not at rest" only means nothing is skipped.
 */

const GROUND = 0;
const ESC = 1;
const ESC_INTERMEDIATE = 2;
const CSI = 3;
const STRING = 4;

export class StreamState {
  private state = GROUND;
  /** Parameters and intermediates of the CSI sequence being read. */
  private csi = '';
  /** The scroll region of the normal buffer is the whole screen. */
  private fullRegion = true;
  private alternate = false;
  /** Characters fed since the last one that ends a stretch of plain lines (see plainRun). */
  private plain = 0;

  constructor(private rows: number) {}

  /** Parser in ground state, normal buffer, whole-screen scroll region. */
  get atRest(): boolean {
    return this.state === GROUND && this.fullRegion && !this.alternate;
  }

  /**
   * Characters at the end of what was fed that are plain lines (text, CR, LF, TAB, SGR,
   * erase in line): what planCompaction may skip.
   */
  get plainRun(): number {
    return this.plain;
  }

  /** Resizing keeps a whole-screen region whole (xterm sets its bottom to the last row). */
  resize(rows: number): void {
    this.rows = rows;
  }

  feed(s: string): void {
    const n = s.length;
    let plainFrom = -1;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (this.state === GROUND) {
        if ((c >= 0x20 && c < 0x80) || c > 0x9f || c === 0x0a || c === 0x0d || c === 0x09) continue;
        // SGR or erase in line, whole in this piece: still plain.
        if (c === 0x1b && s.charCodeAt(i + 1) === 0x5b) {
          let j = i + 2;
          let f = 0;
          while (j < n && (f = s.charCodeAt(j)) >= 0x30 && f <= 0x3b) j++;
          if (j < n && (f === 0x6d || f === 0x4b)) {
            i = j;
            continue;
          }
        }
      }
      plainFrom = i + 1;
      this.step(c);
    }
    this.plain = plainFrom < 0 ? this.plain + n : n - plainFrom;
    if (this.state !== GROUND) this.plain = 0;
  }

  private step(c: number): void {
    // Anywhere: CAN and SUB abort a sequence, ESC starts one, C1 controls act as their 7-bit forms.
    if (c === 0x18 || c === 0x1a) {
      this.state = GROUND;
      return;
    }
    if (c === 0x1b) {
      this.state = ESC;
      return;
    }
    if (c >= 0x80 && c <= 0x9f) {
      if (c === 0x9b) this.enterCsi();
      else if (c === 0x9d || c === 0x90 || c === 0x98 || c === 0x9e || c === 0x9f)
        this.state = STRING;
      else this.state = GROUND;
      return;
    }
    switch (this.state) {
      case GROUND:
        return;
      case ESC:
        if (c === 0x5b) this.enterCsi();
        else if (c === 0x5d || c === 0x50 || c === 0x58 || c === 0x5e || c === 0x5f)
          this.state = STRING;
        else if (c >= 0x20 && c <= 0x2f) this.state = ESC_INTERMEDIATE;
        else if (c >= 0x30 && c <= 0x7e) {
          if (c === 0x63) this.hardReset();
          this.state = GROUND;
        }
        return;
      case ESC_INTERMEDIATE:
        if (c >= 0x30 && c <= 0x7e) this.state = GROUND;
        return;
      case CSI:
        if (c >= 0x40 && c <= 0x7e) {
          this.dispatchCsi(c);
          this.state = GROUND;
        } else if (c >= 0x20 && c <= 0x3f) {
          if (this.csi.length < 64) this.csi += String.fromCharCode(c);
        }
        return;
      case STRING:
        // BEL ends an OSC string; ESC (above) ends any (ST is ESC \).
        if (c === 0x07) this.state = GROUND;
        return;
    }
  }

  private enterCsi(): void {
    this.state = CSI;
    this.csi = '';
  }

  private hardReset(): void {
    this.fullRegion = true;
    this.alternate = false;
  }

  private dispatchCsi(final: number): void {
    const p = this.csi;
    if (final === 0x72 && /^[\d;]*$/.test(p)) {
      // DECSTBM, as xterm applies it: top defaults to 1, a bottom of 0 or past the screen is
      // the last row; a region of one row or less is ignored.
      if (this.alternate) return;
      const [a, b] = p.split(';');
      const top = Number(a) || 1;
      const bottom = !b || Number(b) === 0 || Number(b) > this.rows ? this.rows : Number(b);
      if (bottom > top) this.fullRegion = top === 1 && bottom === this.rows;
    } else if (final === 0x70 && p === '!') {
      // DECSTR (soft reset) makes the active buffer's region whole again.
      if (!this.alternate) this.fullRegion = true;
    } else if ((final === 0x68 || final === 0x6c) && p.startsWith('?')) {
      const modes = p.slice(1).split(';');
      if (modes.some((m) => m === '1049' || m === '47' || m === '1047'))
        this.alternate = final === 0x68;
    }
  }
}
