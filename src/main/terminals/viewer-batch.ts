/**
 * Output on its way to a terminal's viewers, in batches: the first output after a quiet frame
 * is sent at once (a keystroke's echo), then at most one batch per `frameMs` or per `maxBatch`
 * characters.
 *
 * In a flood of plain lines the batches are gathered (up to PLAN_AT characters or
 * MAX_GATHER_MS; all of it goes once the flood pauses for QUIET_MS, or every SHOW_MS) and the
 * stretch that the rest pushes out of the viewers' scrollback is not sent at all:
 * planCompaction (shared/terminal-compaction.ts)
 * replaces it with a carriage return and the colors it set, which leaves a viewer's screen,
 * scrollback and pen exactly as every byte would. The viewer's parser state and scroll region
 * at the start of what is planned are followed by StreamState. Measured in Chromium (bench
 * terminal-browser): receiving, decoding and scanning 20 MB cost the page more than parsing
 * what is left; now it gets about one scrollback's worth per flood.
 * The lines after the last skipped stretch wait for the next round, where they are usually
 * skipped too; when the flood ends, or anything else must go out first (an attach, a resize,
 * the exit), everything is sent.
 */
import { planCompaction } from '../../shared/terminal-compaction';
import { StreamState } from './stream-state';

export interface BatchOptions {
  frameMs: number;
  maxBatch: number;
}
export const DEFAULT_BATCH: BatchOptions = { frameMs: 16, maxBatch: 100_000 };

/** Gathered plain output is planned once this much waits. */
const PLAN_AT = 3 * 1024 * 1024;
/** Less than this is never gathered. */
const GATHER_MIN = 64 * 1024;
/**
 * A flood that pauses this long has ended: everything is sent. Longer than the page's 50 ms:
 * under load the engine's stream stalls that long mid-flood, and each false end sent the
 * waiting lines (a scrollback's worth) that the next round would have skipped.
 */
const QUIET_MS = 100;
/** A flood that goes on is planned at least this often (the lines after a cut still wait). */
const MAX_GATHER_MS = 200;
/** ...and everything is sent at least this often, so a long flood visibly moves on. */
const SHOW_MS = 1000;

export class ViewerBatch {
  private parts: string[] = [];
  private len = 0;
  private timer: NodeJS.Timeout | null = null;
  private lastFlush = 0;
  private lastPush = 0;
  private gatherSince = 0;
  /** When everything that waited was last sent. */
  private lastShown = 0;
  /** The stream as of the start of what waits (what viewers have been sent). */
  private readonly sent: StreamState;
  /** The stream as of the end of what waits. */
  private readonly fed: StreamState;
  /** Characters not sent because a flood scrolled them by (since the start). */
  skipped = 0;

  constructor(
    rows: number,
    /** The viewers' scrollback (lines). */
    private readonly scrollback: () => number,
    private readonly send: (data: string) => void,
    private readonly opts: BatchOptions = DEFAULT_BATCH,
  ) {
    this.rows = rows;
    this.sent = new StreamState(rows);
    this.fed = new StreamState(rows);
  }
  private rows: number;

  push(data: string): void {
    this.parts.push(data);
    this.len += data.length;
    this.fed.feed(data);
    const now = performance.now();
    this.lastPush = now;
    if (this.gathering()) {
      if (!this.gatherSince) this.gatherSince = this.lastShown = now;
      this.timer ??= setTimeout(() => this.onTimer(), QUIET_MS);
      return;
    }
    // Leading edge: the first output after a quiet frame goes at once; output that keeps
    // coming is sent once per frame, or sooner when a batch is full.
    const idle = this.timer === null && now - this.lastFlush >= this.opts.frameMs;
    if (idle || this.len >= this.opts.maxBatch) this.flush(false);
    else this.timer ??= setTimeout(() => this.onTimer(), this.opts.frameMs);
  }

  /** A flood of plain lines that may yet grow enough to skip most of it. */
  private gathering(): boolean {
    return (
      this.len >= GATHER_MIN &&
      this.len < PLAN_AT &&
      this.fed.plainRun >= this.len &&
      this.sent.atRest
    );
  }

  private onTimer(): void {
    this.timer = null;
    const now = performance.now();
    if (this.gathering()) {
      if (now - this.lastPush >= QUIET_MS || now - this.lastShown >= SHOW_MS)
        return this.flush(true);
      if (now - this.gatherSince >= MAX_GATHER_MS) return this.flush(false);
      const wait = Math.min(
        QUIET_MS - (now - this.lastPush),
        MAX_GATHER_MS - (now - this.gatherSince),
        SHOW_MS - (now - this.lastShown),
      );
      this.timer = setTimeout(() => this.onTimer(), Math.max(1, wait));
      return;
    }
    this.flush(false);
  }

  /**
   * Sends what waits. `all`: nothing may stay behind (an attach, a resize or the exit comes
   * next, or the flood paused); else the lines after a skipped stretch may wait for more.
   */
  flush(all = true): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.gatherSince = 0;
    if (this.len === 0) return;
    this.lastFlush = performance.now();
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.len = 0;
    let out = text;
    let rest = '';
    if (text.length >= GATHER_MIN && this.sent.atRest) {
      const keep = this.scrollback() + 2 * this.rows + 1;
      const cuts = planCompaction(text, keep, false);
      if (cuts.length) {
        const pieces: string[] = [];
        let at = 0;
        for (const c of cuts) {
          pieces.push(text.slice(at, c.from), c.replacement);
          this.skipped += c.to - c.from;
          at = c.to;
        }
        if (all) pieces.push(text.slice(at));
        else rest = text.slice(at);
        out = pieces.join('');
      }
    }
    this.sent.feed(out);
    if (!rest) this.lastShown = this.lastFlush;
    if (rest) {
      // `fed` already holds the end of the stream; only what waits is counted again.
      this.parts = [rest];
      this.len = rest.length;
      this.gatherSince = this.lastFlush;
      this.timer = setTimeout(() => this.onTimer(), QUIET_MS);
    }
    this.send(out);
  }

  /** Output no viewer gets (there is none): only followed, so the state stays right. */
  pass(data: string): void {
    this.flush(true);
    this.fed.feed(data);
    this.sent.feed(data);
  }

  /** The terminal's new size: what waits was laid out for the old one and is sent first. */
  resize(rows: number): void {
    this.flush(true);
    this.rows = rows;
    this.sent.resize(rows);
    this.fed.resize(rows);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
