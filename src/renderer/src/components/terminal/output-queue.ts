/**
 * Between the terminal's output events and one xterm: what reaches xterm, when, and what is
 * acknowledged to the main process (its flow control pauses the terminal's process while this
 * viewer is more than ~512 K characters behind in acks).
 *
 * Measured in Chromium (bench/terminal-browser.ts): writing every event straight into xterm and
 * acking after its parse left the page idle half of a flood, waiting on acks over the socket,
 * and parsing and drawing what scrolled by unseen took the rest. So:
 * - xterm holds one write at a time; what comes meanwhile waits here, in order with the
 *   terminal's resizes (output is laid out for the size it was produced at).
 * - In a flood of plain lines (only text, CR/LF/TAB, colors and erase-in-line; see
 *   shared/terminal-compaction.ts) the stretch that the rest of the flood pushes out of the
 *   scrollback anyway is skipped: replaced by a carriage return and the colors it set, which
 *   leaves xterm's screen, scrollback and pen exactly as parsing every byte would. To find such
 *   stretches a flood is gathered (up to PLAN_AT characters, or until it pauses for QUIET_MS,
 *   at most MAX_GATHER_MS) and the lines after the last skipped stretch wait for the next
 *   round, where they are usually skipped too.
 * - Acks: skipped characters count as done at once; plain lines waiting here are acked ahead,
 *   up to CREDIT characters, since they cost at most one parse of the last scrollback's worth
 *   when the flood ends. Anything else (cursor movement, a program's full-screen drawing) is
 *   acked only once xterm has parsed it, so Ctrl-C in such a flood still takes effect within
 *   the main process's window.
 * Output that is not a flood (a keystroke's echo) goes to xterm at once.
 */
import { planCompaction } from '../../../../shared/terminal-compaction';

/** What the queue needs of an xterm (the browser's, or @xterm/headless in tests). */
export interface QueueTerm {
  readonly cols: number;
  readonly rows: number;
  options: { scrollback?: number };
  write(data: string, callback?: () => void): void;
  resize(cols: number, rows: number): void;
}

/** Gathered plain output is planned (and mostly skipped) once this much waits. */
const PLAN_AT = 3 * 1024 * 1024;
/** Plain output waiting here that is acked before it is parsed, at most. */
const CREDIT = 4 * 1024 * 1024;
/** Less than this waiting is written at once, never gathered. */
const GATHER_MIN = 64 * 1024;
/** A flood that pauses this long is written (and drawn). */
const QUIET_MS = 50;
/** What xterm is given at once when nothing is skipped (its own writes are not interruptible). */
const PIECE = 256 * 1024;
/** A flood that goes on is drawn at least this often. */
const MAX_GATHER_MS = 200;
/** Acks are sent per this many characters or after ACK_MS. */
const ACK_CHARS = 32 * 1024;
const ACK_MS = 50;

/**
 * Index after the last stop in `s`, or -1 if `s` is all plain. A stop is a control, or an
 * escape sequence other than SGR / erase in line: where a stretch of plain
 * lines ends (as planCompaction decides for strings). The start of an SGR at the very end is
 * taken as plain (events split sequences anywhere); a miscount costs only credit, never
 * correctness: planCompaction decides what is skipped.
 */
function afterLastStop(s: string): number {
  let end = -1;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x20 && c < 0x80) || c > 0x9f || c === 0x0a || c === 0x0d || c === 0x09) continue;
    if (c === 0x1b && (i + 1 === n || s.charCodeAt(i + 1) === 0x5b)) {
      let j = i + 2;
      let f = 0;
      while (j < n && (f = s.charCodeAt(j)) >= 0x30 && f <= 0x3b) j++;
      if (j >= n || f === 0x6d || f === 0x4b) {
        i = j;
        continue;
      }
    }
    end = i + 1;
  }
  return end;
}

/**
 * Whether xterm's parser is between sequences and its scroll region is the whole screen (what
 * planCompaction assumes at the start of its data). Read from xterm's private state, the same
 * fields in @xterm/xterm and @xterm/headless; if they are ever missing nothing is skipped.
 */
export function xtermAtRest(term: unknown): boolean | null {
  try {
    const core = (term as { _core?: XtermCore })._core;
    const buf = core?._bufferService?.buffer;
    const state = core?._inputHandler?._parser?.currentState;
    if (!buf || typeof state !== 'number' || typeof buf.scrollTop !== 'number') return null;
    return state === 0 && buf.scrollTop === 0 && buf.scrollBottom === (term as QueueTerm).rows - 1;
  } catch {
    return null;
  }
}
interface XtermCore {
  _bufferService?: { buffer?: { scrollTop: number; scrollBottom: number } };
  _inputHandler?: { _parser?: { currentState: number } };
}

type Op = { data: string } | { snapshot: string } | { cols: number; rows: number };

export class OutputQueue {
  private ops: Op[] = [];
  /** Characters of output in `ops`. */
  private waiting = 0;
  /** Characters at the end of `ops` that are plain lines (credit may be given for them). */
  private plainTail = 0;
  private busy = false;
  /** Bumped by reset(): callbacks of writes from before it count for nothing. */
  private epoch = 0;
  private received = 0;
  /** Characters parsed by xterm or skipped. */
  private done = 0;
  private acked = 0;
  private ackTimer: ReturnType<typeof setTimeout> | null = null;
  private gatherTimer: ReturnType<typeof setTimeout> | null = null;
  private gatherSince = 0;
  private lastPush = 0;
  /** The gathered flood paused or waited long enough: write what is there. */
  private due = false;
  /** Output arrived since the last plan. */
  private fresh = false;
  private idleWaiters: (() => void)[] = [];
  private disposed = false;
  /** Characters skipped since the last reset (tests and benches read it). */
  skipped = 0;

  constructor(
    private readonly term: QueueTerm,
    private readonly sendAck: (chars: number) => void,
    private readonly atRest: () => boolean | null = () => xtermAtRest(term),
  ) {}

  /** Nothing waits and xterm has parsed everything it was given. */
  get idle(): boolean {
    return !this.busy && this.ops.length === 0;
  }

  /** Output of the terminal, in order. */
  push(data: string): void {
    if (this.disposed || data.length === 0) return;
    this.ops.push({ data });
    this.waiting += data.length;
    this.received += data.length;
    const stop = afterLastStop(data);
    this.plainTail = stop < 0 ? this.plainTail + data.length : data.length - stop;
    this.lastPush = performance.now();
    // More output: worth planning again, and a gathered flood goes on gathering.
    this.fresh = true;
    this.due = false;
    this.pump();
    this.ackNow();
  }

  /** The terminal's size changed after the output pushed so far. */
  pushResize(cols: number, rows: number): void {
    if (this.disposed) return;
    this.ops.push({ cols, rows });
    this.plainTail = 0;
    this.pump();
  }

  /** Text that is not output (a snapshot): written after what waits before it, never acked. */
  pushSnapshot(text: string): void {
    if (this.disposed) return;
    this.ops.push({ snapshot: text });
    this.plainTail = 0;
    this.pump();
  }

  /**
   * Forgets what waits and the counts (a new attach starts from a snapshot and zero acks);
   * resolves once xterm has finished the write it had, so a reset of xterm follows it.
   */
  reset(): Promise<void> {
    this.epoch++;
    this.ops = [];
    this.waiting = 0;
    this.plainTail = 0;
    this.received = this.done = this.acked = 0;
    this.skipped = 0;
    this.due = this.fresh = false;
    this.clearTimers();
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  dispose(): void {
    this.disposed = true;
    this.ops = [];
    this.clearTimers();
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private clearTimers(): void {
    if (this.ackTimer) clearTimeout(this.ackTimer);
    if (this.gatherTimer) clearTimeout(this.gatherTimer);
    this.ackTimer = this.gatherTimer = null;
  }

  private pump(): void {
    if (this.busy || this.disposed) return;
    for (let op = this.ops[0]; op && !('data' in op); op = this.ops[0]) {
      this.ops.shift();
      if ('snapshot' in op) return this.write(op.snapshot, 0);
      if (op.cols !== this.term.cols || op.rows !== this.term.rows)
        this.term.resize(op.cols, op.rows);
    }
    // The output before the next resize or snapshot.
    let n = 0;
    let len = 0;
    for (let op = this.ops[0]; op && 'data' in op; op = this.ops[++n]) len += op.data.length;
    if (n === 0) return;
    const allPlain = n === this.ops.length && this.plainTail >= this.waiting;
    if (allPlain && len >= GATHER_MIN && len < PLAN_AT && !this.due) {
      this.gather();
      return;
    }
    this.gatherSince = 0;
    if (this.gatherTimer) clearTimeout(this.gatherTimer);
    this.gatherTimer = null;
    const parts = this.ops.splice(0, n).map((o) => (o as { data: string }).data);
    const text = parts.length === 1 ? parts[0]! : parts.join('');
    this.waiting -= len;
    // Planned once per arrival of new output (what is left after a plan has no cut in it).
    if (this.fresh && len >= GATHER_MIN && this.atRest()) {
      this.fresh = false;
      const keep = (this.term.options.scrollback ?? 1000) + 2 * this.term.rows + 1;
      const cuts = planCompaction(text, keep, false);
      if (cuts.length) {
        const pieces: string[] = [];
        let at = 0;
        let skipped = 0;
        for (const c of cuts) {
          pieces.push(text.slice(at, c.from), c.replacement);
          skipped += c.to - c.from;
          at = c.to;
        }
        // The lines after the last skipped stretch wait: if the flood goes on they are
        // skipped next time, else they are written in pieces below.
        this.putBack(text.slice(at));
        this.skipped += skipped;
        this.done += skipped;
        return this.write(pieces.join(''), at - skipped);
      }
    }
    // At most PIECE at a time, ending after a line feed where there is one: new output that
    // comes meanwhile can still skip the rest, and xterm's parser is at rest for the next plan
    // (the rest, maybe half an escape sequence, waits for what completes it).
    let end = len;
    if (len > PIECE) end = text.lastIndexOf('\n', PIECE - 1) + 1 || PIECE;
    else if (!this.due && len >= GATHER_MIN) end = text.lastIndexOf('\n') + 1 || len;
    this.putBack(text.slice(end));
    this.write(end === len ? text : text.slice(0, end), end);
  }

  /** Output taken for a write but not written goes back to the front, unchanged. */
  private putBack(rest: string): void {
    if (!rest) return;
    this.ops.unshift({ data: rest });
    this.waiting += rest.length;
  }

  /** Waits for more of a plain flood, or for it to pause. */
  private gather(): void {
    const now = performance.now();
    this.gatherSince ||= now;
    if (this.gatherTimer) return;
    const check = () => {
      this.gatherTimer = null;
      const t = performance.now();
      const quiet = t - this.lastPush >= QUIET_MS;
      if (quiet || t - this.gatherSince >= MAX_GATHER_MS) {
        this.due = true;
        this.pump();
      } else {
        this.gatherTimer = setTimeout(
          check,
          Math.max(
            1,
            Math.min(QUIET_MS - (t - this.lastPush), MAX_GATHER_MS - (t - this.gatherSince)),
          ),
        );
      }
    };
    this.gatherTimer = setTimeout(check, QUIET_MS);
  }

  /** Hands `text` to xterm; `consumed` output characters are done once it is parsed. */
  private write(text: string, consumed: number): void {
    const epoch = this.epoch;
    this.busy = true;
    this.term.write(text, () => {
      this.busy = false;
      if (this.disposed) return;
      for (const w of this.idleWaiters.splice(0)) w();
      if (epoch !== this.epoch) return this.pump();
      this.done += consumed;
      this.pump();
      this.ackNow();
    });
    this.ackNow();
  }

  /** Acks what is done, plus credit for plain lines waiting here; batched. */
  private ackNow(): void {
    const credit = this.atRest() === null ? 0 : Math.min(CREDIT, this.plainTail);
    const target = Math.min(this.received, this.done + credit);
    const due = target - this.acked;
    if (due <= 0) return;
    if (due >= ACK_CHARS) {
      this.flushAck(target);
      return;
    }
    this.ackTimer ??= setTimeout(() => {
      this.ackTimer = null;
      const t = Math.min(
        this.received,
        this.done + (this.atRest() === null ? 0 : Math.min(CREDIT, this.plainTail)),
      );
      this.flushAck(t);
    }, ACK_MS);
  }

  private flushAck(target: number): void {
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = null;
    const chars = target - this.acked;
    if (chars <= 0 || this.disposed) return;
    this.acked = target;
    this.sendAck(chars);
  }
}
