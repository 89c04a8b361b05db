/**
 * Frames of the web mode's WebSocket binding (JSON text frames, and terminal output as binary
 * frames for clients that ask for them: see WS_BINARY_OUTPUT).
 *   client → server  { id, method, params }
 *   server → client  { id, ok: true, result } | { id, ok: false, error } | { event, payload }
 * A frame the server cannot attribute to a call is answered with `id: null`.
 */
import { z } from 'zod';
import type { ApiErrorPayload } from './contract';

/** The path the WebSocket lives at (the HTTP server serves the renderer everywhere else). */
export const WS_PATH = '/api';
/** The subprotocol the server selects; the token travels as a second offered subprotocol. */
export const WS_PROTOCOL = 'ccr.v1';
export const WS_TOKEN_PREFIX = 'ccr.token.';
/**
 * Where the page trades the printed link's one-time token for its tab's session token
 * (POST { link } → { token }), and asks whether that session still holds (GET with
 * `Authorization: Bearer <token>` → 204, or 401 after a restart).
 */
export const SESSION_PATH = '/api/session';
/** What a refused link exchange answers: the link was used already or is from another run. */
export const LINK_USED = 'link-used';

export const ClientFrame = z
  .object({
    id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    method: z.string().max(200),
    params: z.unknown(),
  })
  .strict();
export type ClientFrame = z.infer<typeof ClientFrame>;

export type ReplyFrame =
  | { id: number | null; ok: true; result: unknown }
  | { id: number | null; ok: false; error: ApiErrorPayload };
export interface EventFrame {
  event: string;
  payload: unknown;
}
export type ServerFrame = ReplyFrame | EventFrame;

/**
 * Offered as one more subprotocol by a client that takes terminal output as binary frames (the
 * renderer); any other client gets it as JSON events like everything else.
 *
 * Why: a flood is 20 MB of output, and as JSON every character was escaped and copied by
 * JSON.stringify in the app and again by JSON.parse in the page, the page's main thread being
 * the one that also runs xterm.js (bench/terminal-browser.ts). A binary frame is
 * `[1][header length, uint32 BE][header: JSON { terminalId, seq }][data: UTF-8]`; the client
 * turns it back into the same `terminalOutput` payload.
 */
export const WS_BINARY_OUTPUT = 'ccr.binary-output';
const OUTPUT_FRAME = 1;

export interface OutputPayload {
  terminalId: string;
  data: string;
  seq: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeOutputFrame(p: OutputPayload): Uint8Array {
  const header = encoder.encode(JSON.stringify({ terminalId: p.terminalId, seq: p.seq }));
  const start = 5 + header.length;
  // Room for ASCII first (terminal output mostly is); a UTF-8 character takes at most 3 bytes
  // per UTF-16 unit.
  let out = new Uint8Array(start + p.data.length);
  let r = encoder.encodeInto(p.data, out.subarray(start));
  if (r.read < p.data.length) {
    out = new Uint8Array(start + 3 * p.data.length);
    r = encoder.encodeInto(p.data, out.subarray(start));
  }
  out[0] = OUTPUT_FRAME;
  new DataView(out.buffer).setUint32(1, header.length);
  out.set(header, 5);
  return out.subarray(0, start + r.written);
}

/** The payload of a binary output frame, or null if the bytes are not one. */
export function decodeOutputFrame(bytes: Uint8Array): OutputPayload | null {
  if (bytes.length < 5 || bytes[0] !== OUTPUT_FRAME) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = view.getUint32(1);
  if (5 + size > bytes.length) return null;
  try {
    const header = JSON.parse(decoder.decode(bytes.subarray(5, 5 + size))) as unknown;
    if (typeof header !== 'object' || header === null) return null;
    const { terminalId, seq } = header as Record<string, unknown>;
    if (typeof terminalId !== 'string' || typeof seq !== 'number') return null;
    return { terminalId, seq, data: decoder.decode(bytes.subarray(5 + size)) };
  } catch {
    return null;
  }
}
