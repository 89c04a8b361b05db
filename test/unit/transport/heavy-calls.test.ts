/**
 * A flood of heavy calls (diffs) from many authenticated connections must not stall the
 * server: the heavy calls running at once stay within the server's bound, whatever the number
 * of connections, and a cheap call is answered while the heavy ones wait. No clock involved:
 * the heavy handlers wait on a gate the test opens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/shared/client';
import { type TempCore, tempCore } from '../../helpers/temp-core';
import { DEFAULT_HEAVY_LIMIT } from '../../../src/main/transport/limiter';
import { silentLog } from '../../../src/main/transport/log';
import { type WebServer, startWebServer } from '../../../src/main/transport/web/server';
import { connectWs } from './harness';

const CONNECTIONS = 20;
const CALLS_EACH = 30;
const HASH = 'a'.repeat(40);

let app: TempCore;
let dir: string;
let server: WebServer;
let running = 0;
let maxRunning = 0;
let finished = 0;
let openGate: () => void = () => {};
const gate = new Promise<void>((resolve) => (openGate = resolve));

beforeAll(async () => {
  app = await tempCore({ mode: 'web', version: '4.0.0' }, 'ccr-heavy-');
  dir = app.dir;
  const real = app.core;
  const handlers = {
    ...real.handlers,
    getFileDiff: async (input: { path: string }) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await gate;
      running--;
      finished++;
      return {
        path: input.path,
        status: 'modified' as const,
        binary: false,
        tooLarge: false,
        size: 0,
        patch: '',
      };
    },
  };
  server = await startWebServer({
    core: { bus: real.bus, handlers },
    rendererDir: dir,
    port: 0,
    log: silentLog,
  });
});
afterAll(async () => {
  openGate();
  await server?.close();
  await app?.dispose();
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 2000 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('heavy calls from many connections', () => {
  it('run at most the server bound at once, and cheap calls are answered meanwhile', async () => {
    const clients = Array.from({ length: CONNECTIONS }, () =>
      connectWs(server, { callTimeoutMs: 120_000 }),
    );
    const apis = clients.map((c) => buildApi(c));
    const heavy = apis.flatMap((api, c) =>
      Array.from({ length: CALLS_EACH }, (_, i) =>
        api.getFileDiff({ sessionId: 's1', commit: HASH, path: `f-${c}-${i}.txt` }),
      ),
    );
    const settled = Promise.allSettled(heavy);
    // Every connection's calls have reached the server: the bound is full, the rest wait.
    await until(() => running + server.heavyCalls.waiting === CONNECTIONS * CALLS_EACH);
    expect(running).toBe(DEFAULT_HEAVY_LIMIT);
    // A fresh connection's cheap calls are answered while the whole heavy backlog waits.
    const late = buildApi(connectWs(server));
    await expect(late.getAppInfo({})).resolves.toMatchObject({ version: '4.0.0' });
    await expect(late.listSessions({})).resolves.toBeDefined();
    expect(finished).toBe(0);
    expect(maxRunning).toBeLessThanOrEqual(DEFAULT_HEAVY_LIMIT);

    openGate();
    const results = await settled;
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(CONNECTIONS * CALLS_EACH);
    expect(finished).toBe(CONNECTIONS * CALLS_EACH);
    expect(maxRunning).toBe(DEFAULT_HEAVY_LIMIT);
    for (const c of clients) c.close();
  });
});
