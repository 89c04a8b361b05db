/**
 * The printed link is single-use: the page trades it for a tab session token, so the link the
 * browser's history keeps opens nothing afterwards. A second tab from the same link is refused
 * with a clear answer (and the server offers the next link); the link token itself never opens
 * a WebSocket; a restarted server refuses old tabs, and the client stops retrying and says so.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/shared/client';
import { type TempCore, tempCore } from '../../helpers/temp-core';
import { silentLog } from '../../../src/main/transport/log';
import { type WebServer, startWebServer } from '../../../src/main/transport/web/server';
import { type ConnectionState, createWsClient } from '../../../src/renderer/src/api/ws-client';
import type { Core } from './harness';
import { redeemLink, wsFactory } from './harness';

let app: TempCore;
let dir: string;
let core: Core;
beforeAll(async () => {
  app = await tempCore({ mode: 'web', version: '5.0.0' }, 'ccr-link-');
  dir = app.dir;
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>ccr</title>');
  core = app.core;
});
afterAll(() => app?.dispose());

const tokenOf = (link: string) => link.split('#token=')[1]!;

function opens(server: WebServer, token: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${server.port}/api`,
      ['ccr.v1', `ccr.token.${token}`],
      {
        origin: `http://127.0.0.1:${server.port}`,
      },
    );
    ws.once('open', () => {
      ws.close();
      resolve(true);
    });
    ws.once('unexpected-response', () => resolve(false));
    ws.once('error', () => resolve(false));
  });
}

async function sessionCheck(server: WebServer, token: string, origin?: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/session`, {
    headers: {
      Authorization: `Bearer ${token}`,
      Origin: origin ?? `http://127.0.0.1:${server.port}`,
    },
  });
  return res.status;
}

describe('web mode links', () => {
  it('opens one tab per link; the used link is refused with what to do, the next link works', async () => {
    const used: string[] = [];
    const server = await startWebServer({
      core,
      rendererDir: dir,
      port: 0,
      log: silentLog,
      onLinkUsed: (next) => used.push(next),
    });
    try {
      // The link token is only good for the exchange, never for the WebSocket itself.
      expect(await opens(server, tokenOf(server.url))).toBe(false);
      const first = await redeemLink(server.url);
      expect(first.status).toBe(200);
      const token = first.body.token as string;
      expect(token).toMatch(/^[0-9a-f]{64}$/);
      expect(token).not.toBe(tokenOf(server.url));
      // The tab (and its reloads) connect with the session token.
      expect(await opens(server, token)).toBe(true);
      expect(await opens(server, token)).toBe(true);
      expect(await sessionCheck(server, token)).toBe(204);

      // A second tab from the same link (or the history entry): refused, with how to get one.
      const second = await redeemLink(server.url);
      expect(second.status).toBe(410);
      expect(second.body).toMatchObject({ code: 'link-used' });
      expect(String(second.body.hint)).toMatch(/claude-run web/);

      // The server handed out the next link when the first was used; it opens one more tab.
      expect(used).toHaveLength(1);
      expect(used[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
      expect((await redeemLink(used[0]!)).status).toBe(200);
      expect((await redeemLink(server.newLink())).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('keeps the Origin and Host checks on the exchange', async () => {
    const server = await startWebServer({ core, rendererDir: dir, port: 0, log: silentLog });
    try {
      expect((await redeemLink(server.url, 'http://evil.example')).status).toBe(403);
      const token = server.issueSessionToken();
      expect(await sessionCheck(server, token, 'http://evil.example')).toBe(403);
      const res = await fetch(`http://127.0.0.1:${server.port}/api/session`, {
        method: 'POST',
        headers: { Host: 'evil.example', Origin: 'http://evil.example' },
        body: JSON.stringify({ link: tokenOf(server.url) }),
      });
      expect([403, 421]).toContain(res.status);
      // Refused attempts did not use the link up.
      expect((await redeemLink(server.url)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('refuses the tabs of an earlier run; the client stops retrying and says why', async () => {
    const server = await startWebServer({ core, rendererDir: dir, port: 0, log: silentLog });
    const { port } = server;
    const token = (await redeemLink(server.url)).body.token as string;
    const states: ConnectionState[] = [];
    const client = createWsClient({
      url: `ws://127.0.0.1:${port}/api`,
      token,
      createSocket: wsFactory(`http://127.0.0.1:${port}`),
      minDelayMs: 10,
      maxDelayMs: 50,
      isRefused: async () =>
        (
          await fetch(`http://127.0.0.1:${port}/api/session`, {
            headers: { Authorization: `Bearer ${token}`, Origin: `http://127.0.0.1:${port}` },
          }).catch(() => null)
        )?.status === 401,
      onState: (s) => states.push(s),
    });
    const api = buildApi(client);
    await expect(api.getAppInfo({})).resolves.toMatchObject({ version: '5.0.0' });
    await server.close();
    for (let i = 0; i < 500 && client.state === 'open'; i++)
      await new Promise((r) => setTimeout(r, 5));
    const again = await startWebServer({
      core,
      rendererDir: dir,
      port,
      nextFreePort: false,
      log: silentLog,
    });
    try {
      const call = api.getAppInfo({});
      await expect(call).rejects.toMatchObject({ code: 'unauthorized' });
      expect(client.state).toBe('refused');
      expect(await opens(again, token)).toBe(false);
      expect(await sessionCheck(again, token)).toBe(401);
    } finally {
      client.close();
      await again.close();
    }
  });
});
