/**
 * The built, sandboxed preload (out/preload/index.cjs) as Electron would run it: it may only
 * require('electron'), and it exposes exactly the contract's methods and subscriptions as
 * `window.ccr`, nothing else.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  eventNames,
  ipcChannel,
  methodNames,
  subscriptionName,
} from '../../../src/shared/contract';
import { ROOT, ensureBuilt } from '../../helpers/build';

let source: string;
beforeAll(async () => {
  await ensureBuilt();
  source = await readFile(join(ROOT, 'out/preload/index.cjs'), 'utf8');
}, 300_000);

function runPreload() {
  const required: string[] = [];
  const exposed: Record<string, Record<string, unknown>> = {};
  const invoked: [string, unknown[]][] = [];
  const listeners = new Map<string, (...a: unknown[]) => void>();
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: Record<string, unknown>) => (exposed[key] = api),
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push([channel, args]);
        return { ok: false, error: { code: 'forbidden', message: 'no', hint: 'h' } };
      },
      on: (channel: string, l: (...a: unknown[]) => void) => listeners.set(channel, l),
      removeListener: (channel: string) => listeners.delete(channel),
    },
  };
  // What a sandboxed preload gets: a require that knows only a few modules.
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`module not found: ${name}`);
  };
  new Function('require', 'module', 'exports', source)(sandboxRequire, { exports: {} }, {});
  return { required, exposed, invoked, listeners };
}

describe('built preload', () => {
  it("requires nothing but 'electron' and exposes exactly the contract as window.ccr", () => {
    const { required, exposed } = runPreload();
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(Object.keys(exposed)).toEqual(['ccr']);
    const expected = [...methodNames, ...eventNames.map((e) => subscriptionName(e))].sort();
    expect(Object.keys(exposed.ccr!).sort()).toEqual(expected);
    for (const value of Object.values(exposed.ccr!)) expect(typeof value).toBe('function');
  });

  it('calls the derived channel and rejects with a plain { code, message, hint } object', async () => {
    const { exposed, invoked } = runPreload();
    const err = await (exposed.ccr!.getAppInfo as (i: unknown) => Promise<unknown>)({}).catch(
      (e: unknown) => e,
    );
    expect(invoked).toEqual([[ipcChannel.method('getAppInfo'), [{}]]]);
    expect(err).toEqual({ code: 'forbidden', message: 'no', hint: 'h' });
    expect(err).not.toBeInstanceOf(Error);
  });

  it('hands listeners the payload only, never the IPC event, and unsubscribes', () => {
    const { exposed, listeners } = runPreload();
    const seen: unknown[][] = [];
    const off = (exposed.ccr!.onUiCommand as (l: (...a: unknown[]) => void) => () => void)(
      (...args) => seen.push(args),
    );
    listeners.get(ipcChannel.event('uiCommand'))!(
      { sender: 'ipcRenderer-internals' },
      { command: 'closeTab' },
    );
    expect(seen).toEqual([[{ command: 'closeTab' }]]);
    off();
    expect(listeners.has(ipcChannel.event('uiCommand'))).toBe(false);
  });
});
