/**
 * The forwarder's frames: type u8, channel u32, length u32, payload. The decoder takes the
 * exec's stdout in whatever pieces it arrives and yields whole frames; what comes out of the
 * container is untrusted, so a frame larger than any the forwarder sends ends the stream.
 */

export interface Frame {
  type: number;
  channel: number;
  payload: Buffer;
}

/** The forwarder reads at most 64 KB from a socket at a time; anything far beyond is not it. */
const MAX_PAYLOAD = 1 << 20;

export function encodeFrame(type: number, channel: number, payload?: Buffer | string): Buffer {
  const body = payload === undefined ? Buffer.alloc(0) : Buffer.from(payload);
  const head = Buffer.allocUnsafe(9);
  head.writeUInt8(type, 0);
  head.writeUInt32BE(channel >>> 0, 1);
  head.writeUInt32BE(body.length, 5);
  return body.length ? Buffer.concat([head, body]) : head;
}

export function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}

export class FrameDecoder {
  private pending: Buffer[] = [];
  private size = 0;

  /** Whole frames completed by this chunk; throws on a frame no forwarder would send. */
  push(chunk: Buffer): Frame[] {
    this.pending.push(chunk);
    this.size += chunk.length;
    if (this.size < 9) return [];
    let buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    const frames: Frame[] = [];
    let at = 0;
    while (buf.length - at >= 9) {
      const len = buf.readUInt32BE(at + 5);
      if (len > MAX_PAYLOAD) throw new Error(`the forwarder sent a ${len}-byte frame`);
      if (buf.length - at < 9 + len) break;
      frames.push({
        type: buf.readUInt8(at),
        channel: buf.readUInt32BE(at + 1),
        payload: buf.subarray(at + 9, at + 9 + len),
      });
      at += 9 + len;
    }
    buf = buf.subarray(at);
    this.pending = buf.length ? [buf] : [];
    this.size = buf.length;
    return frames;
  }
}
