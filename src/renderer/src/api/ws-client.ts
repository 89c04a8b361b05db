/**
 * The web mode's binding: the contract over one WebSocket, with reconnect and backoff.
 * Written against a minimal WebSocket shape, so it runs in the browser and, in tests, over
 * the `ws` package in Node.
 */
import type { EventName, MethodName } from '../../../shared/contract';
import { type ClientBinding, toClientError } from '../../../shared/client';
import { AppError } from '../../../shared/errors';
import {
  WS_BINARY_OUTPUT,
  WS_PROTOCOL,
  WS_TOKEN_PREFIX,
  decodeOutputFrame,
} from '../../../shared/ws-protocol';

export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  /** Set to 'arraybuffer' where it exists (browsers; the `ws` package also takes it). */
  binaryType?: string;
}
export type SocketFactory = (url: string, protocols: string[]) => SocketLike;

/** `refused`: the server no longer knows this tab's session (it was restarted); no retries. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'refused';

export interface WsClientOptions {
  url: string;
  token: string;
  createSocket: SocketFactory;
  /** How long a call may wait for a connection and its answer. */
  callTimeoutMs?: number;
  onState?: (state: ConnectionState, detail: { attempt: number; nextRetryMs?: number }) => void;
  /**
   * Asked when a connection fails before it opened: true when the server refuses this token
   * (a browser does not show a WebSocket's HTTP status). Then the client stops retrying.
   */
  isRefused?: () => Promise<boolean>;
  /** Backoff: first delay and cap. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: AppError): void;
  timer: ReturnType<typeof setTimeout>;
}

const OPEN = 1;

export interface WsClient extends ClientBinding {
  readonly state: ConnectionState;
  close(): void;
}

export function createWsClient(options: WsClientOptions): WsClient {
  const timeoutMs = options.callTimeoutMs ?? 30_000;
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 8_000;
  const pending = new Map<number, Pending>();
  const queued: { id: number; text: string }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: SocketLike | null = null;
  let state: ConnectionState = 'connecting';
  let attempt = 0;
  let nextId = 1;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const setState = (next: ConnectionState, nextRetryMs?: number) => {
    state = next;
    options.onState?.(next, { attempt, nextRetryMs });
  };

  const refuse = () => {
    closed = true;
    for (const id of [...pending.keys()])
      settle(
        id,
        null,
        new AppError(
          'unauthorized',
          'claude-run web no longer knows this tab (it was restarted or stopped).',
          'Open the new link it printed, or run `claude-run web` again.',
        ),
      );
    queued.length = 0;
    setState('refused');
  };

  const connect = () => {
    // Terminal output comes as binary frames (see WS_BINARY_OUTPUT), the rest as JSON.
    const ws = options.createSocket(options.url, [
      WS_PROTOCOL,
      WS_TOKEN_PREFIX + options.token,
      WS_BINARY_OUTPUT,
    ]);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      attempt = 0;
      setState('open');
      for (const { text } of queued.splice(0)) ws.send(text);
    };
    ws.onmessage = (ev) => onFrame(ev.data);
    ws.onerror = () => {}; // followed by onclose, which handles it
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // Calls sent on this socket will never be answered; queued ones wait for the next.
      for (const id of [...pending.keys()]) {
        if (!queued.some((q) => q.id === id)) {
          settle(
            id,
            null,
            new AppError(
              'disconnected',
              'The connection to the app was lost during the call.',
              'Try again once it is back.',
            ),
          );
        }
      }
      if (closed) return setState('closed');
      if (!opened && options.isRefused) {
        void options
          .isRefused()
          .catch(() => false)
          .then((refused) => (closed ? undefined : refused ? refuse() : retry()));
        return;
      }
      retry();
    };
  };

  const retry = () => {
    attempt++;
    const delay = Math.min(maxDelay, minDelay * 2 ** Math.min(attempt - 1, 10));
    const jittered = Math.round(delay * (0.75 + Math.random() * 0.5));
    setState('reconnecting', jittered);
    retryTimer = setTimeout(connect, jittered);
  };

  const settle = (id: number, result: unknown, error: AppError | null) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    if (error) p.reject(error);
    else p.resolve(result);
  };

  const onFrame = (data: unknown) => {
    let frame: Record<string, unknown>;
    if (data instanceof ArrayBuffer || data instanceof Uint8Array) {
      const payload = decodeOutputFrame(data instanceof Uint8Array ? data : new Uint8Array(data));
      if (!payload) return;
      frame = { event: 'terminalOutput', payload };
    } else {
      try {
        frame = JSON.parse(String(data)) as Record<string, unknown>;
      } catch {
        return;
      }
    }
    if (typeof frame.event === 'string') {
      for (const listener of listeners.get(frame.event) ?? []) {
        try {
          listener(frame.payload);
        } catch (err) {
          console.error(`listener for ${frame.event} failed`, err);
        }
      }
      return;
    }
    if (typeof frame.id !== 'number') return;
    if (frame.ok === true) settle(frame.id, frame.result, null);
    else settle(frame.id, null, toClientError(frame.error));
  };

  connect();

  return {
    get state() {
      return state;
    },
    call(method: MethodName, input: unknown) {
      if (closed) return Promise.reject(new AppError('disconnected', 'The client is closed.'));
      const id = nextId++;
      const text = JSON.stringify({ id, method, params: input });
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = queued.findIndex((q) => q.id === id);
          if (i >= 0) queued.splice(i, 1);
          settle(
            id,
            null,
            new AppError(
              'timeout',
              `${method} got no answer in ${Math.round(timeoutMs / 1000)} s.`,
              'Check that claude-run web is still running.',
            ),
          );
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        if (socket && socket.readyState === OPEN) socket.send(text);
        else queued.push({ id, text });
      });
    },
    subscribe(event: EventName, listener: (payload: unknown) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket?.close(1000, 'client closed');
      for (const id of [...pending.keys()])
        settle(id, null, new AppError('disconnected', 'The client is closed.'));
      if (!socket) setState('closed');
    },
  };
}
