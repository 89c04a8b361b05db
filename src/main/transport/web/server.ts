/**
 * The web mode: the built renderer over HTTP and the contract over an authenticated
 * WebSocket, on loopback by default. See guard.ts for who may connect.
 */
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { type EventName, type Handlers, MAX_MESSAGE_BYTES } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import {
  SESSION_PATH,
  WS_BINARY_OUTPUT,
  WS_PATH,
  WS_PROTOCOL,
  encodeOutputFrame,
  type OutputPayload,
} from '../../../shared/ws-protocol';
import type { EventBus } from '../../events';
import { createDispatcher } from '../dispatch';
import { createLimiter } from '../limiter';
import { checkEvent } from '../events';
import { type TransportLog, consoleLog } from '../log';
import { Connection } from './connection';
import { Credentials, RequestGuard, isLoopbackHost, isWildcardHost } from './guard';
import { securityHeaders } from './headers';
import { listenOnFreePort } from './listen';
import { handleSessionRoute } from './session-route';
import { serveStatic } from './static';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 3456;
export const MAX_WS_FRAME_BYTES = MAX_MESSAGE_BYTES + 64 * 1024;

export interface WebServerOptions {
  core: { handlers: Handlers; bus: EventBus };
  /** The built renderer (out/renderer). */
  rendererDir: string;
  host?: string;
  port?: number;
  /** Take the next free port when `port` is taken (the default port always does). */
  nextFreePort?: boolean;
  /** Required to listen on anything but loopback. */
  allowRemote?: boolean;
  log?: TransportLog;
  /** The first link's one-time token, for tests only; a fresh random one otherwise. */
  linkToken?: string;
  /** For tests only: a restart that keeps the tabs' sessions (a real restart forgets them). */
  credentials?: Credentials;
  /**
   * A printed link was used (each opens one tab): here is the next one, for another tab.
   * The caller decides whether to show it (the terminal that started us, never a log file).
   */
  onLinkUsed?: (nextUrl: string) => void;
  /** How often to ping clients; one that misses a pong is dropped. */
  heartbeatMs?: number;
}

export interface WebServer {
  readonly host: string;
  readonly port: number;
  /** The first link to open: a one-time token in the fragment (never sent in a request line). */
  readonly url: string;
  /** Another single-use link (another tab, a browser on the other side of an ssh tunnel). */
  newLink(): string;
  /** A session token without a link, for in-process clients (tests); never reachable remotely. */
  issueSessionToken(): string;
  readonly credentials: Credentials;
  readonly clientCount: number;
  /** Heavy calls (see the contract) running and waiting for a slot, across all clients. */
  readonly heavyCalls: { running: number; waiting: number };
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? DEFAULT_HOST;
  const log = options.log ?? consoleLog;
  if (!isLoopbackHost(host) && !options.allowRemote) {
    throw new AppError(
      'remote-not-allowed',
      `Listening on ${host} would expose the app beyond this machine.`,
      'Add --allow-remote if you really want that (anyone who gets the token controls your sessions).',
    );
  }
  const credentials = options.credentials ?? new Credentials();
  const firstLink = credentials.mintLink(options.linkToken);
  const linkUrl = (token: string) => `http://${urlHost}:${port}/#token=${token}`;
  // One limiter for every connection: the bound on heavy calls is per server.
  const heavy = createLimiter();
  const dispatch = createDispatcher(options.core.handlers, log, heavy);
  const http: Server = createServer();
  const wss = new WebSocketServer({
    noServer: true,
    // A call a little over the limit is answered `too-large` by dispatch (with its id); a frame
    // beyond this hard cap closes the connection (1009) before it is ever buffered whole.
    maxPayload: MAX_WS_FRAME_BYTES,
    clientTracking: true,
    perMessageDeflate: false, // no compression: avoids memory blow-ups from compressed bombs
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const clients = new Set<Connection>();
  // Set once the port is known (the guard checks Host and Origin against it).
  const bound: { guard?: RequestGuard } = {};
  let counter = 0;

  http.on('request', (req, res) => {
    const guard = bound.guard;
    if (!guard || !guard.hostOk(req)) {
      log.warn(`http: refused a request with a foreign Host header`);
      res
        .writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('Misdirected request');
      return;
    }
    const headers = securityHeaders(req.headers.host ?? '');
    if (pathOf(req) === SESSION_PATH) {
      handleSessionRoute(req, res, guard, credentials, headers, log, () =>
        options.onLinkUsed?.(linkUrl(credentials.mintLink())),
      ).catch(() => res.destroy());
      return;
    }
    serveStatic(options.rendererDir, req, res, headers).catch(() => res.destroy());
  });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const guard = bound.guard;
    const refusal = !guard
      ? 'not ready'
      : pathOf(req) !== WS_PATH
        ? 'wrong path'
        : !guard.hostOk(req)
          ? 'foreign Host'
          : !guard.originOk(req)
            ? 'foreign or missing Origin'
            : !guard.tokenOk(req)
              ? 'missing or wrong token'
              : null;
    if (refusal) {
      log.warn(`ws: refused a connection (${refusal}) from ${req.socket.remoteAddress ?? '?'}`);
      const status =
        refusal === 'missing or wrong token'
          ? '401 Unauthorized'
          : refusal === 'wrong path'
            ? '404 Not Found'
            : '403 Forbidden';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new Connection(ws, dispatch, log, `#${++counter}`, offers(req));
      clients.add(connection);
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      ws.on('close', () => clients.delete(connection));
    });
  });
  http.on('clientError', (_err, socket) => socket.destroy());

  // A client that vanished without closing (sleep, network change) is found by a missed pong.
  const alive = new WeakMap<object, boolean>();
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        log.warn('ws: dropping a client that stopped answering pings');
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  const unsubscribe = options.core.bus.subscribe((name: EventName, payload) => {
    const checked = checkEvent(name, payload, log);
    if (checked === undefined) return;
    // Terminal output only to the clients showing that terminal; every event encoded once.
    const terminalId =
      name === 'terminalOutput' ? (checked as { terminalId: string }).terminalId : null;
    let text: string | null = null;
    let bytes: Uint8Array | null = null;
    for (const client of clients) {
      if (terminalId !== null && !client.views(terminalId)) continue;
      if (terminalId !== null && client.binaryOutput) {
        bytes ??= encodeOutputFrame(checked as OutputPayload);
        client.sendBytes(bytes);
        continue;
      }
      text ??= JSON.stringify({ event: name, payload: checked });
      client.sendText(text);
    }
  });

  const wanted = options.port ?? DEFAULT_PORT;
  let port = 0;
  let urlHost = host;
  try {
    port = await listenOnFreePort(
      http,
      host,
      wanted,
      options.nextFreePort ?? options.port === undefined,
    );
    urlHost = linkHost(http, host);
  } catch (err) {
    clearInterval(heartbeat);
    unsubscribe();
    throw err;
  }
  bound.guard = new RequestGuard(host, port, credentials);

  return {
    host,
    port,
    url: linkUrl(firstLink),
    newLink: () => linkUrl(credentials.mintLink()),
    issueSessionToken: () => credentials.issueSession(),
    credentials,
    get clientCount() {
      return clients.size;
    },
    get heavyCalls() {
      return { running: heavy.running, waiting: heavy.waiting };
    },
    async close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await closed;
    },
  };
}

function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://x').pathname;
  } catch {
    return '';
  }
}

/**
 * The host to print in the link: the address actually bound (`localhost` may have become ::1),
 * or loopback when bound to every interface.
 */
function linkHost(http: Server, requested: string): string {
  const address = http.address();
  const bound = typeof address === 'object' && address ? address.address : requested;
  if (isWildcardHost(bound) || isWildcardHost(requested)) return '127.0.0.1';
  return bound.includes(':') ? `[${bound}]` : bound;
}

/** Whether the client offered the binary terminal output subprotocol. */
function offers(req: IncomingMessage): boolean {
  const header = req.headers['sec-websocket-protocol'];
  const list = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  return list.some((p) => p.trim() === WS_BINARY_OUTPUT);
}
