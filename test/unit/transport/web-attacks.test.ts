/**
 * Attacks on a live web-mode server, the way a hostile web page or local process would try
 * them: no/wrong token, foreign Origin (cross-site WebSocket hijacking), foreign Host (DNS
 * rebinding), path traversal, oversized and malformed frames, and 10,000 fuzzed messages.
 * Each must be refused, the server must keep answering, and no error text may leak internals.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { type IncomingMessage, request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../../src/shared/contract';
import { type TempCore, tempCore } from '../../helpers/temp-core';
import type { TransportLog } from '../../../src/main/transport/log';
import {
  MAX_WS_FRAME_BYTES,
  type WebServer,
  startWebServer,
} from '../../../src/main/transport/web/server';
import { fuzzMessages } from './fuzz';
import { exchangeLink } from './harness';

let app: TempCore;
let dir: string;
let server: WebServer;
const logLines: string[] = [];
const log: TransportLog = {
  warn: (m) => logLines.push(m),
  error: (m, e) => logLines.push(`${m} ${String(e ?? '')}`),
};
let origin: string;
let hostHeader: string;
let link: string;
let token: string;

beforeAll(async () => {
  app = await tempCore({ mode: 'web', version: '1.2.3' }, 'ccr-attacks-');
  dir = app.dir;
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>ccr</title>');
  server = await startWebServer({ core: app.core, rendererDir: dir, port: 0, log });
  origin = `http://127.0.0.1:${server.port}`;
  hostHeader = `127.0.0.1:${server.port}`;
  link = server.url;
  token = await exchangeLink(link);
});
afterAll(async () => {
  await server?.close();
  await app?.dispose();
});

/** A raw upgrade request with exactly the headers given; resolves with the HTTP status. */
function upgradeStatus(headers: Record<string, string>, path = '/api'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: server.port,
      path,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (res: IncomingMessage, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (err) => (String(err).includes('socket hang up') ? resolve(-1) : reject(err)));
    req.end();
  });
}

const good = () => ({
  Host: hostHeader,
  Origin: origin,
  'Sec-WebSocket-Protocol': `ccr.v1, ccr.token.${token}`,
});

function get(
  path: string,
  host = hostHeader,
): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, headers: { Host: host } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

interface Open {
  ws: WebSocket;
  replies: Record<string, unknown>[];
  next(count: number): Promise<Record<string, unknown>[]>;
  closed: Promise<number>;
}

async function openClient(): Promise<Open> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, ['ccr.v1', `ccr.token.${token}`], {
    origin,
  });
  const replies: Record<string, unknown>[] = [];
  let waiter: (() => void) | null = null;
  ws.on('message', (data) => {
    replies.push(JSON.parse(String(data)) as Record<string, unknown>);
    waiter?.();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', () => reject(new Error('refused')));
  });
  let taken = 0;
  return {
    ws,
    replies,
    closed,
    async next(count) {
      while (replies.length < taken + count) {
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(
            () => reject(new Error(`only ${replies.length - taken} of ${count} replies`)),
            10_000,
          );
          waiter = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
      const out = replies.slice(taken, taken + count);
      taken += count;
      return out;
    },
  };
}

async function stillAnswers(): Promise<void> {
  const c = await openClient();
  c.ws.send(JSON.stringify({ id: 1, method: 'getAppInfo', params: {} }));
  const [reply] = await c.next(1);
  expect(reply).toEqual({ id: 1, ok: true, result: { version: '1.2.3', mode: 'web' } });
  c.ws.close();
}

// Stack frames, file paths and Node internals must never reach a client.
const LEAK =
  /\bat \S+ \(|\.[cm]?[jt]s:\d+|node:|\/(home|work|tmp|usr|etc|root|var)\/|[A-Z]:\\|Error:|ENOENT|EACCES/;

describe('web mode under attack', () => {
  it('accepts the real page: right token, Origin and Host', async () => {
    expect(await upgradeStatus(good())).toBe(101);
  });

  it('refuses a connection without a token or with a wrong one (401)', async () => {
    expect(await upgradeStatus({ ...good(), 'Sec-WebSocket-Protocol': 'ccr.v1' })).toBe(401);
    const wrong = randomBytes(32).toString('hex');
    expect(
      await upgradeStatus({ ...good(), 'Sec-WebSocket-Protocol': `ccr.v1, ccr.token.${wrong}` }),
    ).toBe(401);
    const prefix = token.slice(0, 63);
    expect(
      await upgradeStatus({ ...good(), 'Sec-WebSocket-Protocol': `ccr.v1, ccr.token.${prefix}` }),
    ).toBe(401);
    const noProto = good() as Record<string, string>;
    delete noProto['Sec-WebSocket-Protocol'];
    expect(await upgradeStatus(noProto)).toBe(401);
  });

  it('refuses a foreign, missing or look-alike Origin (403) even with the token', async () => {
    for (const o of [
      'http://evil.example',
      `http://127.0.0.1:${server.port + 1}`,
      `https://127.0.0.1:${server.port}`,
      'null',
      `http://127.0.0.1:${server.port}.evil.example`,
    ]) {
      expect(await upgradeStatus({ ...good(), Origin: o }), o).toBe(403);
    }
    const noOrigin = good() as Record<string, string>;
    delete noOrigin.Origin;
    expect(await upgradeStatus(noOrigin)).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding) on the WebSocket and on plain HTTP', async () => {
    for (const h of [
      `evil.example:${server.port}`,
      'evil.example',
      `127.0.0.1:${server.port + 1}`,
      `localhost.evil.example:${server.port}`,
    ]) {
      expect(await upgradeStatus({ ...good(), Host: h, Origin: `http://${h}` }), h).toBe(403);
      expect((await get('/', h)).status, h).toBe(421);
    }
    expect(await upgradeStatus(good(), '/other')).toBe(404);
  });

  it('serves the page with security headers, no CORS, no traversal', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(Object.keys(page.headers).filter((h) => h.startsWith('access-control'))).toEqual([]);
    for (const p of [
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2fetc%2fpasswd',
      '/%00',
      '/data/recent-folders.json/..%5c..%5cindex.html',
    ]) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.body).not.toContain('root:');
    }
  });

  it('refuses an oversized call (too-large), closes on a huge frame (1009), keeps serving others', async () => {
    const c = await openClient();
    // Just over the limit: refused with an answer, the connection stays.
    c.ws.send(
      JSON.stringify({
        id: 5,
        method: 'openFolder',
        params: { folder: 'x'.repeat(MAX_MESSAGE_BYTES) },
      }),
    );
    expect((await c.next(1))[0]).toMatchObject({ id: 5, ok: false, error: { code: 'too-large' } });
    // Beyond the frame cap: ws closes the connection before buffering it whole.
    c.ws.send('x'.repeat(MAX_WS_FRAME_BYTES + 1));
    expect(await c.closed).toBe(1009);
    await stillAnswers();
  });

  it('answers malformed frames with an error and keeps the connection', async () => {
    const c = await openClient();
    const bad: (string | Buffer)[] = [
      'not json',
      '',
      '[]',
      'null',
      '{"id":1}',
      '{"method":"getAppInfo","params":{}}',
      '{"id":-1,"method":"getAppInfo","params":{}}',
      '{"id":2,"method":"getAppInfo","params":{},"extra":1}',
      '{"id":3,"method":"__proto__","params":{}}',
      '{"id":4,"method":"constructor","params":{}}',
      '{"id":5,"method":"toString","params":{}}',
      '{"id":6,"method":"getAppInfo","params":{"__proto__":{"polluted":true}}}',
      '['.repeat(200_000),
      Buffer.from([1, 2, 3]),
    ];
    for (const m of bad) c.ws.send(m);
    const replies = await c.next(bad.length);
    for (const r of replies) {
      expect(r.ok).toBe(false);
      const error = r.error as { code: string; message: string };
      expect(['bad-request', 'unknown-method']).toContain(error.code);
      expect(error.message).not.toMatch(LEAK);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    c.ws.send(JSON.stringify({ id: 99, method: 'getAppInfo', params: {} }));
    expect((await c.next(1))[0]).toMatchObject({ id: 99, ok: true });
    c.ws.close();
  });

  it('closes on invalid UTF-8 text (1007) and keeps serving others', async () => {
    const c = await openClient();
    // A text frame whose bytes are not UTF-8: ws checks this before our code sees it.
    (c.ws as unknown as { _sender: { send(d: Buffer, o: object): void } })._sender.send(
      Buffer.from([0xc3, 0x28]),
      {
        binary: false,
        fin: true,
        mask: true,
        compress: false,
      },
    );
    expect(await c.closed).toBe(1007);
    await stillAnswers();
  });

  it('refuses 10,000 fuzzed messages, each with a clean error, and still answers', async () => {
    const c = await openClient();
    const messages = fuzzMessages(0xc0ffee, 10_000);
    const codes = new Map<string, number>();
    for (let i = 0; i < messages.length; i += 50) {
      const batch = messages.slice(i, i + 50);
      for (const m of batch) c.ws.send(m);
      for (const r of await c.next(batch.length)) {
        expect(r.ok, JSON.stringify(r)).toBe(false);
        const error = r.error as { code: string; message: string; hint?: string };
        codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
        expect(`${error.message} ${error.hint ?? ''}`).not.toMatch(LEAK);
      }
    }
    expect([...codes.keys()].sort()).toEqual(['bad-request', 'unknown-method']);
    c.ws.send(JSON.stringify({ id: 7, method: 'getAppInfo', params: {} }));
    expect((await c.next(1))[0]).toMatchObject({ id: 7, ok: true });
    c.ws.close();
    await stillAnswers();
  });

  it('listens on loopback only, and refuses a non-loopback host without --allow-remote', async () => {
    expect(server.host).toBe('127.0.0.1');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((ni) => ni && ni.family === 'IPv4' && !ni.internal);
    if (external) {
      const refused = await new Promise<boolean>((resolve) => {
        const s = connect({ host: external.address, port: server.port });
        s.on('connect', () => (s.destroy(), resolve(false)));
        s.on('error', () => resolve(true));
      });
      expect(refused, `reachable on ${external.address}`).toBe(true);
    }
    const { core, dispose } = await tempCore({ mode: 'web', version: '1' });
    onTestFinished(dispose);
    await expect(
      startWebServer({ core, rendererDir: dir, host: '0.0.0.0', port: 0, log }),
    ).rejects.toMatchObject({
      code: 'remote-not-allowed',
    });
  });

  it('never writes the token into its log', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(token);
    expect(logLines.join('\n')).not.toContain(link.split('#token=')[1]);
  });
});

describe('web mode addresses', () => {
  it('prints a link to the address it really bound, reachable, for each loopback name', async () => {
    const { core, dispose } = await tempCore({ mode: 'web', version: '1' });
    onTestFinished(dispose);
    for (const host of ['127.0.0.1', 'localhost', '::1']) {
      const s = await startWebServer({ core, rendererDir: dir, host, port: 0, log }).catch(
        () => null,
      );
      if (!s) continue; // no IPv6 loopback on this machine
      try {
        const url = new URL(s.url);
        expect(['127.0.0.1', '[::1]']).toContain(url.hostname);
        const res = await fetch(`${url.origin}/`);
        expect(res.status, host).toBe(200);
      } finally {
        await s.close();
      }
    }
  });
});
