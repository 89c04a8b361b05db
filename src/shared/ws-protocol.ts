/**
 * Frames of the web mode's WebSocket binding (JSON text frames only).
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
