/**
 * The three bindings, each set up over the same core, for the conformance suite:
 * in-process, IPC-shaped (a fake ipcMain/ipcRenderer pair that structured-clones every message
 * as Electron does, plus the real preload and renderer client code) and WebSocket (a live
 * server and the renderer's client over the `ws` package).
 */
import { WebSocket } from 'ws';
import type { Handlers } from '../../../src/shared/contract';
import type { ClientBinding } from '../../../src/shared/client';
import type { EventBus } from '../../../src/main/events';
import { createLocalBinding } from '../../../src/main/transport/local';
import { bindIpc } from '../../../src/main/transport/ipc';
import { type TransportLog, silentLog } from '../../../src/main/transport/log';
import { type WebServer, startWebServer } from '../../../src/main/transport/web/server';
import { buildPreloadApi } from '../../../src/preload/api';
import { preloadNames } from '../../../src/preload/names';
import { electronBinding } from '../../../src/renderer/src/api/electron-client';
import { type SocketLike, createWsClient } from '../../../src/renderer/src/api/ws-client';

export interface BoundClient {
  binding: ClientBinding;
  close(): Promise<void>;
}
export type Core = { handlers: Handlers; bus: EventBus };

export function localClient(core: Core, log: TransportLog = silentLog): BoundClient {
  return { binding: createLocalBinding(core, log), close: async () => {} };
}

export interface FakeSenderEvent {
  sender: string;
}

/** A pair that behaves like Electron's: separate handler table, cloned payloads, async hops. */
export class FakeIpc {
  readonly handlers = new Map<
    string,
    (event: FakeSenderEvent, ...args: unknown[]) => Promise<unknown>
  >();
  private readonly rendererListeners = new Map<
    string,
    Set<(event: unknown, ...args: unknown[]) => void>
  >();
  constructor(private readonly sender = 'app') {}

  ipcMain = {
    handle: (
      channel: string,
      listener: (event: FakeSenderEvent, ...args: unknown[]) => Promise<unknown>,
    ) => {
      if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      this.handlers.set(channel, listener);
    },
    removeHandler: (channel: string) => void this.handlers.delete(channel),
  };

  ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      const handler = this.handlers.get(channel);
      if (!handler)
        throw new Error(`Error invoking remote method '${channel}': No handler registered`);
      await Promise.resolve();
      return structuredClone(await handler({ sender: this.sender }, ...structuredClone(args)));
    },
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      let set = this.rendererListeners.get(channel);
      if (!set) this.rendererListeners.set(channel, (set = new Set()));
      set.add(listener);
    },
    removeListener: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      this.rendererListeners.get(channel)?.delete(listener);
    },
  };

  /** webContents.send */
  send = (channel: string, payload: unknown): void => {
    const copy = structuredClone(payload);
    queueMicrotask(() => {
      for (const l of this.rendererListeners.get(channel) ?? []) l({ sender: 'ipcRenderer' }, copy);
    });
  };
}

export function ipcClient(
  core: Core,
  log: TransportLog = silentLog,
  sender = 'app',
): BoundClient & { ipc: FakeIpc } {
  const ipc = new FakeIpc(sender);
  const controller = new AbortController();
  const unbind = bindIpc<FakeSenderEvent>({
    ipcMain: ipc.ipcMain,
    handlers: core.handlers,
    bus: core.bus,
    isTrustedSender: (event) => event.sender === 'app',
    send: ipc.send,
    log,
    signal: controller.signal,
  });
  const exposed = buildPreloadApi(ipc.ipcRenderer, preloadNames());
  // contextBridge hands the page a copy of the exposed object: nothing but these functions.
  return {
    ipc,
    binding: electronBinding(exposed),
    close: async () => {
      controller.abort();
      unbind();
    },
  };
}

export const wsFactory =
  (origin: string | undefined) =>
  (url: string, protocols: string[]): SocketLike =>
    new WebSocket(url, protocols, origin ? { origin } : {}) as unknown as SocketLike;

/**
 * What the page does with a printed link: trades its one-time token for a session token.
 * Resolves with the answer's status and body (the token on 200).
 */
export async function redeemLink(
  link: string,
  origin = new URL(link).origin,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const u = new URL(link);
  const res = await fetch(`${u.origin}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ link: u.hash.replace(/^#token=/, '') }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export async function exchangeLink(link: string): Promise<string> {
  const { status, body } = await redeemLink(link);
  if (status !== 200 || typeof body.token !== 'string') throw new Error(`link refused: ${status}`);
  return body.token;
}

/** A renderer client of a running server, as the page would hold one. */
export function connectWs(server: WebServer, options: { callTimeoutMs?: number } = {}) {
  return createWsClient({
    url: `ws://127.0.0.1:${server.port}/api`,
    token: server.issueSessionToken(),
    createSocket: wsFactory(`http://127.0.0.1:${server.port}`),
    ...options,
  });
}

export async function wsClient(
  core: Core,
  rendererDir: string,
  log: TransportLog = silentLog,
): Promise<BoundClient> {
  const server = await startWebServer({ core, rendererDir, port: 0, log });
  const origin = `http://127.0.0.1:${server.port}`;
  const client = createWsClient({
    url: `ws://127.0.0.1:${server.port}/api`,
    token: await exchangeLink(server.url),
    createSocket: wsFactory(origin),
  });
  return {
    binding: client,
    close: async () => {
      client.close();
      await server.close();
    },
  };
}
