/**
 * Terminal output over the web mode goes only to the clients that show the terminal: a client
 * attached to it gets every batch, one that never attached (or detached) gets none of it, while
 * both still get every other event. An attach the app refuses adds no viewer. The page takes
 * output as binary frames, any other client as JSON: both get exactly the same text.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/shared/client';
import { AppError } from '../../../src/shared/errors';
import { createCore, type Core } from '../../../src/main/core';
import { silentLog } from '../../../src/main/transport/log';
import { type WebServer, startWebServer } from '../../../src/main/transport/web/server';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../../src/shared/ws-protocol';
import { connectWs } from './harness';

const T1 = 't-aaaaaaaa';
const T2 = 't-bbbbbbbb';

let dir: string;
let core: Core;
let server: WebServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ccr-routing-'));
  core = await createCore({
    dataDir: join(dir, 'data'),
    homeDir: dir,
    mode: 'web',
    version: '5.0.0',
  });
  const handlers = {
    ...core.handlers,
    attachTerminal: async ({ terminalId }: { terminalId: string }) => {
      if (terminalId === T2) throw new AppError('terminal-not-found', 'no such terminal');
      return {
        terminalId,
        serialized: '',
        cols: 80,
        rows: 24,
        seq: 0,
        scrollback: 1000,
        status: 'running' as const,
        exitCode: null,
      };
    },
    detachTerminal: async () => ({ ok: true as const }),
  };
  server = await startWebServer({
    core: { bus: core.bus, handlers },
    rendererDir: dir,
    port: 0,
    log: silentLog,
  });
});
afterAll(async () => {
  await server?.close();
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Emits until `done` holds (events are async over the socket), at most a few seconds. */
async function emitUntil(seq: number, done: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) {
    core.bus.emit('terminalOutput', { terminalId: T1, data: `line ${seq}\n`, seq });
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('terminal output routing (web mode)', () => {
  it('reaches the viewers of the terminal only; other events reach everyone', async () => {
    const viewer = buildApi(connectWs(server));
    const other = buildApi(connectWs(server));
    const got = { viewer: [] as string[], other: [] as string[], otherStatus: 0 };
    viewer.onTerminalOutput((p) => got.viewer.push(p.data));
    other.onTerminalOutput((p) => got.other.push(p.data));
    other.onEngineStatusChanged(() => got.otherStatus++);

    await viewer.attachTerminal({ terminalId: T1, viewerId: 'win-1' });
    // A refused attach (T2) of the other client adds no viewer of anything.
    await expect(other.attachTerminal({ terminalId: T2, viewerId: 'win-2' })).rejects.toThrow();
    await emitUntil(1, () => got.viewer.length > 0);
    // A later event sent to everyone: once the other client has it, it had its chance at output.
    core.bus.emit('engineStatusChanged', {
      reachable: false,
      message: 'x',
      hint: 'y',
      attempts: [],
    });
    await emitUntil(2, () => got.otherStatus > 0);
    expect(got.viewer.length).toBeGreaterThan(0);
    expect(got.other).toEqual([]);

    // Detached: no more output for it.
    await viewer.detachTerminal({ terminalId: T1, viewerId: 'win-1' });
    const before = got.viewer.length;
    core.bus.emit('terminalOutput', { terminalId: T1, data: 'after detach\n', seq: 999 });
    core.bus.emit('engineStatusChanged', {
      reachable: false,
      message: 'z',
      hint: 'y',
      attempts: [],
    });
    const statusBefore = got.otherStatus;
    await emitUntil(3, () => got.otherStatus > statusBefore);
    expect(got.viewer.length).toBe(before);
  });

  it('sends output as binary frames to the page and as JSON to other clients, the same text', async () => {
    const text =
      'plain \x1b[1;31mred\x1b[0m 世界 🎉 é\r\n' + 'x'.repeat(70_000) + '\u2500\u2502\r\n';
    const page = buildApi(connectWs(server));
    const fromPage: { data: string; seq: number }[] = [];
    page.onTerminalOutput((p) => fromPage.push({ data: p.data, seq: p.seq }));
    await page.attachTerminal({ terminalId: T1, viewerId: 'page-1' });

    const raw = new WebSocket(
      `ws://127.0.0.1:${server.port}/api`,
      [WS_PROTOCOL, WS_TOKEN_PREFIX + server.issueSessionToken()],
      { origin: `http://127.0.0.1:${server.port}` },
    );
    await new Promise((res, rej) => raw.once('open', res).once('error', rej));
    const fromRaw: { data: string; seq: number }[] = [];
    let binaryFrames = 0;
    raw.on('message', (m: Buffer, isBinary: boolean) => {
      if (isBinary) return void binaryFrames++;
      const f = JSON.parse(m.toString()) as {
        event?: string;
        payload?: { data: string; seq: number };
      };
      if (f.event === 'terminalOutput')
        fromRaw.push({ data: f.payload!.data, seq: f.payload!.seq });
    });
    raw.send(
      JSON.stringify({
        id: 1,
        method: 'attachTerminal',
        params: { terminalId: T1, viewerId: 'raw-1' },
      }),
    );
    for (
      let i = 0;
      i < 400 && !(fromPage.some((p) => p.seq === 7) && fromRaw.some((p) => p.seq === 7));
      i++
    ) {
      core.bus.emit('terminalOutput', { terminalId: T1, data: text, seq: 7 });
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(fromPage.find((p) => p.seq === 7)?.data).toBe(text);
    expect(fromRaw.find((p) => p.seq === 7)?.data).toBe(text);
    expect(binaryFrames).toBe(0);
    raw.close();
  });
});
