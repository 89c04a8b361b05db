/**
 * The web mode client across server restarts: it reconnects with growing delays, calls made
 * while down go out once it is back, calls cut off mid-flight fail with `disconnected`.
 */
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/shared/client';
import { type TempCore, tempCore } from '../../helpers/temp-core';
import { silentLog } from '../../../src/main/transport/log';
import { type WebServer, startWebServer } from '../../../src/main/transport/web/server';
import { type ConnectionState, createWsClient } from '../../../src/renderer/src/api/ws-client';
import type { Core } from './harness';
import { wsFactory } from './harness';

let app: TempCore;
let dir: string;
let core: Core;
beforeAll(async () => {
  app = await tempCore({ mode: 'web', version: '3.0.0' }, 'ccr-wsc-');
  dir = app.dir;
  const real = app.core;
  // A call that never finishes, to be cut off by a dropped connection.
  core = { bus: real.bus, handlers: { ...real.handlers, pickFolder: () => new Promise(() => {}) } };
});
afterAll(() => app?.dispose());

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('WebSocket client', () => {
  it('reconnects with backoff and sends queued calls once the server is back', async () => {
    let server: WebServer = await startWebServer({
      core,
      rendererDir: dir,
      port: 0,
      log: silentLog,
    });
    const { port, credentials } = server;
    const token = server.issueSessionToken();
    const states: [ConnectionState, number | undefined][] = [];
    const client = createWsClient({
      url: `ws://127.0.0.1:${port}/api`,
      token,
      createSocket: wsFactory(`http://127.0.0.1:${port}`),
      minDelayMs: 20,
      maxDelayMs: 400,
      onState: (s, d) => states.push([s, d.nextRetryMs]),
    });
    const api = buildApi(client);
    await expect(api.getAppInfo({})).resolves.toMatchObject({ version: '3.0.0' });

    const cutOff = api.pickFolder({});
    await server.close();
    await expect(cutOff).rejects.toMatchObject({ code: 'disconnected' });
    await until(() => states.filter(([s]) => s === 'reconnecting').length >= 4);
    const delays = states.filter(([s]) => s === 'reconnecting').map(([, d]) => d!);
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
    expect(delays[2]!).toBeGreaterThan(delays[1]!);
    expect(Math.max(...delays)).toBeLessThanOrEqual(400 * 1.25);

    const queued = api.getAppInfo({});
    server = await startWebServer({
      core,
      rendererDir: dir,
      port,
      credentials,
      nextFreePort: false,
      log: silentLog,
    });
    await expect(queued).resolves.toMatchObject({ version: '3.0.0' });
    expect(client.state).toBe('open');

    client.close();
    await until(() => client.state === 'closed');
    await expect(api.getAppInfo({})).rejects.toMatchObject({ code: 'disconnected' });
    await server.close();
  });

  it('times out a call that gets no answer', async () => {
    const server = await startWebServer({ core, rendererDir: dir, port: 0, log: silentLog });
    const client = createWsClient({
      url: `ws://127.0.0.1:${server.port}/api`,
      token: server.issueSessionToken(),
      createSocket: wsFactory(`http://127.0.0.1:${server.port}`),
      callTimeoutMs: 200,
    });
    await expect(buildApi(client).pickFolder({})).rejects.toMatchObject({ code: 'timeout' });
    client.close();
    await server.close();
  });
});

describe('server heartbeat', () => {
  it('drops a client that stops answering pings, keeps one that answers', async () => {
    const server = await startWebServer({
      core,
      rendererDir: dir,
      port: 0,
      log: silentLog,
      heartbeatMs: 40,
    });
    const origin = `http://127.0.0.1:${server.port}`;
    const open = (autoPong: boolean) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(
          `ws://127.0.0.1:${server.port}/api`,
          ['ccr.v1', `ccr.token.${server.issueSessionToken()}`],
          {
            origin,
            autoPong,
          },
        );
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    const silent = await open(false);
    const healthy = await open(true);
    const closed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
    expect(await closed).toBe(1006);
    await new Promise((r) => setTimeout(r, 150));
    expect(healthy.readyState).toBe(WebSocket.OPEN);
    healthy.close();
    await server.close();
  });
});
