/**
 * Docker's stream multiplexing for non-TTY attach/logs: 8-byte header (stream type, 3 zero
 * bytes, big-endian length) then the payload. Only ever applied when there is no TTY: TTY
 * output is raw and must not be cut.
 */
export interface MuxFrame {
  stream: 'stdin' | 'stdout' | 'stderr';
  data: Buffer;
}

const TYPES = ['stdin', 'stdout', 'stderr'] as const;

export function demuxBuffer(buf: Buffer): MuxFrame[] {
  const frames: MuxFrame[] = [];
  let off = 0;
  while (off + 8 <= buf.length) {
    const type = TYPES[buf[off]!] ?? 'stdout';
    const len = buf.readUInt32BE(off + 4);
    frames.push({ stream: type, data: buf.subarray(off + 8, off + 8 + len) });
    off += 8 + len;
  }
  return frames;
}
