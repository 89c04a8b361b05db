/**
 * Picks the binding at start-up: the preload's `window.ccr` in Electron, the WebSocket to the
 * server that served this page otherwise. The rest of the renderer only sees `Api`.
 */
import type { Api } from '../../../shared/contract';
import { buildApi } from '../../../shared/client';
import { electronBinding, type PreloadApi } from '../api/electron-client';
import { type ConnectionState, type SocketLike, createWsClient } from '../api/ws-client';
import { WS_PATH } from '../../../shared/ws-protocol';
import { sessionRefused, sessionToken } from './token';

declare global {
  interface Window {
    ccr?: PreloadApi;
  }
}

export type BootProblem = 'no-token' | 'link-used' | 'unreachable';

export type Boot =
  | { mode: 'electron'; api: Api }
  | { mode: 'web'; api: Api }
  | { mode: 'web'; api: null; problem: BootProblem };

export async function bootClient(
  onConnection: (state: ConnectionState, retryMs?: number) => void,
): Promise<Boot> {
  if (window.ccr) return { mode: 'electron', api: buildApi(electronBinding(window.ccr)) };
  const got = await sessionToken();
  if (!('token' in got)) return { mode: 'web', api: null, problem: got.problem };
  const { token } = got;
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const client = createWsClient({
    url: `${scheme}//${window.location.host}${WS_PATH}`,
    token,
    // The browser socket has the shape the client needs; its DOM event types are narrower.
    createSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as SocketLike,
    onState: (state, detail) => onConnection(state, detail.nextRetryMs),
    isRefused: () => sessionRefused(token),
  });
  return { mode: 'web', api: buildApi(client) };
}
