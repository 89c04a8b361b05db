/**
 * Which parts of a burst of terminal output the screen model may skip without changing what it
 * ends up holding.
 *
 * Parsing every byte into the headless screen is what limits a terminal's throughput (about
 * 30-40 MB/s per core for plain lines, while a TTY exec carries more), yet in a flood almost
 * every line is scrolled out of the scrollback again moments later. A stretch of plain lines is
 * skipped when at least `keepLines` (scrollback + twice the rows + 1) more line feeds follow it
 * in plain text: every row it could have touched is then pushed out of the scrollback by what
 * comes after, whatever the cursor row was. Used twice: by the app's headless screen (in its
 * worker) and by each viewer in the renderer (output-queue.ts), which receives every byte but
 * need not parse and draw what would scroll by unseen.
 *
 * The skipped stretch must leave the parser and everything that outlives its rows as they
 * would have been:
 * - it starts right after a line feed (parser in ground state, UTF-8 decoder between
 *   characters) and ends right after a carriage return, so the cursor column is 0 either way;
 *   its replacement starts with "\r";
 * - it holds only printable text, HT, CR, LF, and CSI sequences of digits, ':' and ';' ending in
 *   `m` (SGR: colors and text attributes, replayed after the "\r" from the last full reset on, so
 *   the pen is the same) or `K` (erase in line: touches only the skipped rows);
 * - anything else (other controls and escape sequences, C1 codes, BS which can wrap backwards)
 *   ends a stretch; sequences that could change the scroll region or the active buffer (`r`,
 *   `h`, `l`, `p`, RIS), strings (OSC, DCS, APC, PM, SOS) and anything not understood end the
 *   planning for this burst, because from there on the caller's knowledge of the state is gone.
 * The caller guarantees that at the start of `data` the parser is in ground state and the scroll
 * region is the whole screen (line feeds at the bottom row scroll into the scrollback).
 *
 * This function is also run inside the screen worker from its source text (see
 * screen-worker-source.ts), so it must not use anything from outside its own body.
 */
export interface Cut {
  /** First skipped index (right after a line feed). */
  from: number;
  /** Index after the last skipped one (right after a carriage return). */
  to: number;
  /** Written in place of data[from, to). */
  replacement: string;
}

export function planCompaction(
  data: Uint8Array | string,
  keepLines: number,
  /** The previous write ended with byte 0xC2 (the first half of a possible C1 control). */
  afterC2: boolean,
): Cut[] {
  const MIN_CUT = 4096;
  const CR_SEARCH = 65536;
  const cuts: Cut[] = [];
  const str = typeof data === 'string' ? data : null;
  const bytes = typeof data === 'string' ? null : data;
  const n = data.length;
  if (n === 0 || keepLines < 1) return cuts;
  if (bytes && afterC2 && bytes[0]! >= 0x80 && bytes[0]! <= 0x9f) return cuts;
  const code = (i: number): number => (bytes ? bytes[i]! : str!.charCodeAt(i));

  // Positions of the last `keepLines` line feeds of the current stretch (a ring).
  const ring = new Int32Array(keepLines);
  let feeds = 0;
  let anchor = -1;
  // SGR sequences since the anchor: start, end, 1 if it resets the pen ("\x1b[m", "\x1b[0m").
  let sgr: number[] = [];

  const sgrText = (from: number, to: number): string => {
    if (str) return str.slice(from, to);
    let s = '';
    for (let k = from; k < to; k++) s += String.fromCharCode(bytes![k]!);
    return s;
  };

  const endStretch = (): void => {
    if (anchor >= 0 && feeds >= keepLines) {
      // The oldest of the last keepLines feeds: what follows it keeps the screen.
      const last = ring[feeds % keepLines]!;
      let p = last - 1;
      while (p >= anchor && last - p < CR_SEARCH && code(p) !== 0x0d) p--;
      const to = p + 1;
      if (p >= anchor && code(p) === 0x0d && to - anchor >= MIN_CUT) {
        // The pen after the skipped part: its SGRs from the last full reset on, in order.
        let first = 0;
        for (let k = 0; k < sgr.length && sgr[k + 1]! <= to; k += 3) if (sgr[k + 2]) first = k;
        let replacement = '\r';
        for (let k = first; k < sgr.length && sgr[k + 1]! <= to; k += 3) {
          replacement += sgrText(sgr[k]!, sgr[k + 1]!);
        }
        cuts.push({ from: anchor, to, replacement });
      }
    }
    anchor = -1;
    feeds = 0;
    sgr = [];
  };

  /** Index after the escape sequence at i (parser back in ground state), or -1: stop. */
  const skipEscape = (i: number): number => {
    let j = i + 1;
    if (j >= n) return -1;
    let c = code(j);
    if (c === 0x5b) {
      for (j++; j < n; j++) {
        c = code(j);
        if (c >= 0x20 && c <= 0x3f) continue;
        if (c >= 0x40 && c <= 0x7e) {
          // Scroll region, modes (the alternate screen among them), soft reset.
          if (c === 0x72 || c === 0x68 || c === 0x6c || c === 0x70) return -1;
          return j + 1;
        }
        return -1;
      }
      return -1;
    }
    // OSC, DCS, SOS, PM, APC strings; RIS.
    if (c === 0x5d || c === 0x50 || c === 0x58 || c === 0x5e || c === 0x5f || c === 0x63) return -1;
    while (c >= 0x20 && c <= 0x2f) {
      if (++j >= n) return -1;
      c = code(j);
    }
    return c >= 0x30 && c <= 0x7e ? j + 1 : -1;
  };

  let i = 0;
  while (i < n) {
    // The hot path: runs of printable ASCII, scanned without the generic accessor.
    if (bytes) {
      while (i < n && bytes[i]! >= 0x20 && bytes[i]! < 0x80) i++;
    } else {
      while (i < n && str!.charCodeAt(i) >= 0x20 && str!.charCodeAt(i) < 0x80) i++;
    }
    if (i >= n) break;
    const c = code(i);
    if (c >= 0x20) {
      if (c < 0x80) {
        i++;
        continue;
      }
      const c1 = bytes
        ? c === 0xc2 && i + 1 < n && bytes[i + 1]! >= 0x80 && bytes[i + 1]! <= 0x9f
        : c <= 0x9f;
      if (c1 || (bytes && c === 0xc2 && i + 1 >= n)) {
        endStretch();
        return cuts;
      }
      i++;
      continue;
    }
    if (c === 0x0a) {
      if (anchor < 0) {
        anchor = i + 1;
      } else {
        ring[feeds % keepLines] = i;
        feeds++;
      }
      i++;
      continue;
    }
    if (c === 0x0d || c === 0x09) {
      i++;
      continue;
    }
    if (c === 0x1b && i + 1 < n && code(i + 1) === 0x5b) {
      // SGR or EL inside a stretch?
      let j = i + 2;
      let p = 0;
      while (j < n && (p = code(j)) >= 0x30 && p <= 0x3b) j++;
      if (j < n && (p === 0x6d || p === 0x4b)) {
        if (p === 0x6d && anchor >= 0) {
          const reset = j === i + 2 || (j === i + 3 && code(i + 2) === 0x30);
          sgr.push(i, j + 1, reset ? 1 : 0);
        }
        i = j + 1;
        continue;
      }
    }
    endStretch();
    if (c === 0x1b) {
      i = skipEscape(i);
      if (i < 0) return cuts;
    } else {
      i++;
    }
  }
  endStretch();
  return cuts;
}
