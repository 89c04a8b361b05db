/**
 * A test's own client of a running `claude-run web`, from the link it printed, as a page
 * would use it: raw WebSocket frames, the page's Origin, one call at a time per id.
 */
import type { WebSocket as WsSocket } from 'ws';
import { SESSION_PATH, WS_PATH, WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../src/shared/ws-protocol';

export interface WsCaller {
  call<T = unknown>(method: string, params: unknown, timeoutMs?: number): Promise<T>;
  /** Another connection with the same credentials (another tab of the same page). */
  another(): Promise<WsCaller>;
  close(): void;
}

type WsClass = typeof WsSocket;

export async function openWsCaller(link: string, Ws: WsClass): Promise<WsCaller> {
  const u = new URL(link);
  // The printed link is single-use: trade it for a session token, as the page does.
  const res = await fetch(`http://${u.host}${SESSION_PATH}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: `http://${u.host}` },
    body: JSON.stringify({ link: u.hash.replace(/^#token=/, '') }),
  });
  if (!res.ok) throw new Error(`the link was refused (${res.status})`);
  const { token } = (await res.json()) as { token: string };
  return connect(u.host, token, Ws);
}

async function connect(host: string, token: string, Ws: WsClass): Promise<WsCaller> {
  const ws = new Ws(`ws://${host}${WS_PATH}`, [WS_PROTOCOL, `${WS_TOKEN_PREFIX}${token}`], {
    headers: { Origin: `http://${host}` },
  });
  await new Promise((res, rej) => ws.once('open', res).once('error', rej));
  let id = 0;
  const waiting = new Map<number, (frame: Frame) => void>();
  ws.on('message', (raw: Buffer) => {
    const frame = JSON.parse(raw.toString()) as Frame;
    if (typeof frame.id === 'number') waiting.get(frame.id)?.(frame);
  });
  return {
    call<T>(method: string, params: unknown, timeoutMs = 30_000) {
      return new Promise<T>((res, rej) => {
        const my = ++id;
        const timer = setTimeout(() => {
          waiting.delete(my);
          rej(new Error(`${method}: no answer in ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(my, (frame) => {
          waiting.delete(my);
          clearTimeout(timer);
          if (frame.ok) res(frame.result as T);
          else rej(new Error(`${method}: ${frame.error?.message ?? 'failed'}`));
        });
        ws.send(JSON.stringify({ id: my, method, params }));
      });
    },
    another: () => connect(host, token, Ws),
    close: () => ws.close(),
  };
}

interface Frame {
  id?: number;
  ok?: boolean;
  result?: unknown;
  error?: { message: string };
}
