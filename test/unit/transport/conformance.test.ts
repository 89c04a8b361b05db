/**
 * The same expectations over every binding: what a renderer sees must not depend on whether
 * it runs in Electron or a browser (or in-process in the CLI).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type MethodName, MAX_MESSAGE_BYTES } from '../../../src/shared/contract';
import { buildApi } from '../../../src/shared/client';
import { AppError } from '../../../src/shared/errors';
import { type TempCore, tempCore } from '../../helpers/temp-core';
import { type BoundClient, type Core, ipcClient, localClient, wsClient } from './harness';

let app: TempCore;
let dataDir: string;
let core: Core;

beforeAll(async () => {
  app = await tempCore({ mode: 'web', version: '9.9.9' }, 'ccr-conformance-');
  dataDir = app.dataDir;
  const real = app.core;
  core = {
    bus: real.bus,
    handlers: {
      ...real.handlers,
      // A handler that fails with an internal error whose text must not reach the client.
      pickFolder: async () => {
        throw new Error(
          'EACCES: open /home/alice/.secret/token.json\n    at Object.open (node:fs:1)',
        );
      },
      // A handler that breaks its own output schema.
      openExternal: async () => ({ leaked: '/etc/shadow' }) as never,
    },
  };
});
afterAll(() => app?.dispose());

const bindings: [string, () => Promise<BoundClient>][] = [
  ['in-process', async () => localClient(core)],
  ['IPC', async () => ipcClient(core)],
  ['WebSocket', async () => wsClient(core, dataDir)],
];

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe.each(bindings)('contract over the %s binding', (_name, open) => {
  let client: BoundClient;
  let api: Api;
  afterEach(async () => {
    await client?.close();
  });
  const setup = async () => {
    client = await open();
    api = buildApi(client.binding);
  };

  it('answers a valid call with the handler result', async () => {
    await setup();
    await expect(api.getAppInfo({})).resolves.toEqual({ version: '9.9.9', mode: 'web' });
    await expect(api.getRecentFolders({})).resolves.toEqual({ folders: [] });
  });

  it('refuses an unknown method with unknown-method', async () => {
    await setup();
    const err = await rejection(client.binding.call('noSuchMethod' as MethodName, {}));
    expect(err.code).toBe('unknown-method');
  });

  it('refuses a wrong payload with bad-request naming the field', async () => {
    await setup();
    const err = await rejection(api.openFolder({ folder: 42 as unknown as string }));
    expect(err.code).toBe('bad-request');
    expect(err.message).toContain('folder');
    const extra = await rejection(api.getAppInfo({ sneaky: true } as never));
    expect(extra.code).toBe('bad-request');
  });

  it('refuses an oversized payload with too-large, and still answers', async () => {
    await setup();
    const err = await rejection(api.openFolder({ folder: 'x'.repeat(MAX_MESSAGE_BYTES) }));
    expect(err.code).toBe('too-large');
    await expect(api.getAppInfo({})).resolves.toMatchObject({ version: '9.9.9' });
  });

  it("passes a handler's AppError through with its code, message and hint", async () => {
    await setup();
    const err = await rejection(api.openFolder({ folder: '/definitely/not/here' }));
    expect(err.code).toBe('folder-not-found');
    expect(err.message).toContain('/definitely/not/here');
    expect(err.hint).toMatch(/check the path/i);
  });

  it('hides the text of unexpected errors and of off-contract answers', async () => {
    await setup();
    const err = await rejection(api.pickFolder({}));
    expect(err.code).toBe('internal');
    expect(err.message).not.toMatch(/alice|secret|EACCES|node:fs/);
    const bad = await rejection(api.openExternal({ url: 'https://example.com' }));
    expect(bad.code).toBe('internal');
    expect(bad.message).not.toContain('shadow');
  });

  it('delivers events, only on-contract ones, until unsubscribed', async () => {
    await setup();
    const seen: unknown[] = [];
    const off = api.onUiCommand((payload) => seen.push(payload));
    await api.getAppInfo({}); // connected (a WebSocket client gets events from then on)
    core.bus.emit('uiCommand', { command: 'bogus' } as never);
    core.bus.emit('uiCommand', { command: 'newSession' });
    await api.getAppInfo({}); // a round trip: events sent before the reply have arrived
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([{ command: 'newSession' }]);
    off();
    core.bus.emit('uiCommand', { command: 'closeTab' });
    await api.getAppInfo({});
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([{ command: 'newSession' }]);
  });
});
