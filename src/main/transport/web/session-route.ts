/**
 * POST/GET /api/session: the printed link's one-time token traded for a tab's session token,
 * and the check a page makes when its WebSocket is refused (was the server restarted?).
 * Same guards as the WebSocket: our own Host and Origin, no CORS, small JSON bodies only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiErrorPayload } from '../../../shared/contract';
import type { ErrorCode } from '../../../shared/errors';
import { LINK_USED } from '../../../shared/ws-protocol';
import type { TransportLog } from '../log';
import type { Credentials, RequestGuard } from './guard';

const MAX_BODY = 1024;

/** A refusal's body: the same shape as a call's error, its code one of ErrorCode. */
type RouteError = ApiErrorPayload & { code: ErrorCode };

export async function handleSessionRoute(
  req: IncomingMessage,
  res: ServerResponse,
  guard: RequestGuard,
  credentials: Credentials,
  headers: Record<string, string>,
  log: TransportLog,
  onLinkUsed: () => void,
): Promise<void> {
  const reply = (status: number, body?: { token: string } | RouteError) => {
    res.writeHead(status, {
      ...headers,
      'Cache-Control': 'no-store',
      ...(body ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    });
    res.end(body ? JSON.stringify(body) : undefined);
  };
  if (!guard.originOk(req)) {
    log.warn('http: refused a session request with a foreign or missing Origin');
    return reply(403, { code: 'forbidden', message: 'Only the app’s own page may ask.' });
  }
  if (req.method === 'GET') return reply(guard.bearerOk(req) ? 204 : 401);
  if (req.method !== 'POST') return reply(405);
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    return reply(415, { code: 'bad-request', message: 'Send JSON: { "link": "<token>" }.' });
  }
  const body = await readSmallBody(req);
  let link: unknown;
  try {
    link = body === null ? undefined : (JSON.parse(body) as { link?: unknown }).link;
  } catch {
    link = undefined;
  }
  if (typeof link !== 'string' || !/^[0-9a-f]{64}$/.test(link)) {
    return reply(400, { code: 'bad-request', message: 'Send JSON: { "link": "<token>" }.' });
  }
  const token = credentials.redeemLink(link);
  if (!token) {
    log.warn('http: refused a link that was used already or is from another run');
    return reply(410, {
      code: LINK_USED,
      message:
        'This link was used already (each printed link opens one tab) or is from an earlier run.',
      hint: 'Open the newest link printed by claude-run web, or run `claude-run web` again for a fresh one.',
    });
  }
  reply(200, { token });
  onLinkUsed();
}

/** The body as text, or null when it is larger than a token exchange ever needs. */
function readSmallBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}
