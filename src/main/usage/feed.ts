/**
 * Turns the byte chunks the container watcher sends (new bytes of a transcript file, from an
 * offset) into complete lines. Only complete lines move a file's offset: a line still being
 * written stays pending in memory and is read again whole. A line longer than the bound is
 * dropped (up to its newline) rather than held without limit.
 */
import type { FileProgress } from './record';

/** Longest transcript line read. Assistant lines with a large tool input can be long. */
export const MAX_LINE = 8 * 1024 * 1024;

interface Pending {
  /** Bytes after the offset that form no complete line yet. */
  parts: Buffer[];
  bytes: number;
}

export type ChunkResult = 'read' | 'out-of-step';

export class TranscriptFeed {
  private readonly pending = new Map<string, Pending>();

  constructor(
    /** The record's files, updated in place. */
    private readonly files: Record<string, FileProgress>,
    private readonly onLine: (line: string) => void,
    private readonly maxLine = MAX_LINE,
  ) {}

  /** Where the watcher should resume each file (complete lines only). */
  offsets(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [path, p] of Object.entries(this.files)) out[path] = p.offset;
    return out;
  }

  /** The watcher restarts from the offsets: bytes held for a partial line come again. */
  resetPending(): void {
    this.pending.clear();
  }

  chunk(path: string, offset: number, bytes: Buffer): ChunkResult {
    let file = this.files[path];
    if (!file) {
      file = { offset: 0 };
      this.files[path] = file;
    }
    let pending = this.pending.get(path) ?? { parts: [], bytes: 0 };
    if (offset === file.offset + pending.bytes) {
      // The next bytes: the usual case.
    } else if (offset === file.offset) {
      // The watcher started again from the offset: the held partial line comes again.
      pending = { parts: [], bytes: 0 };
    } else if (offset === 0) {
      // The file is shorter than what was read: it was replaced. Read the new one from the
      // start (messages already counted are recognised by their keys).
      file.offset = 0;
      delete file.skipping;
      pending = { parts: [], bytes: 0 };
    } else {
      return 'out-of-step';
    }
    let start = 0;
    for (;;) {
      const nl = bytes.indexOf(10, start);
      if (nl < 0) break;
      const tail = bytes.subarray(start, nl);
      const lineBytes = pending.bytes + tail.length;
      if (file.skipping) {
        delete file.skipping;
      } else if (lineBytes <= this.maxLine) {
        const line = pending.bytes ? Buffer.concat([...pending.parts, tail]) : tail;
        this.onLine(line.toString('utf8'));
      }
      file.offset += lineBytes + 1;
      pending = { parts: [], bytes: 0 };
      start = nl + 1;
    }
    const rest = bytes.subarray(start);
    if (rest.length) {
      if (file.skipping) {
        file.offset += rest.length;
      } else if (pending.bytes + rest.length > this.maxLine) {
        // Too long to hold: skip to the end of this line.
        file.offset += pending.bytes + rest.length;
        file.skipping = true;
        pending = { parts: [], bytes: 0 };
      } else {
        pending.parts.push(Buffer.from(rest));
        pending.bytes += rest.length;
      }
    }
    if (pending.bytes) this.pending.set(path, pending);
    else this.pending.delete(path);
    return 'read';
  }
}
