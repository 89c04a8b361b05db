/**
 * What the preload exposes as `window.ccr`: one function per contract method and one
 * `on<Event>(listener) → unsubscribe` per event, nothing else (no generic invoke, no
 * ipcRenderer, no IPC event objects, which would hand the page `sender`).
 *
 * A failed call rejects with a plain `{ code, message, hint }` object: contextBridge copies
 * plain objects whole, while it strips every property but the message from an Error.
 */
import type { PreloadNames } from './names';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type Reply =
  | { ok: true; result: unknown }
  | { ok: false; error: { code: string; message: string; hint?: string } };

export function buildPreloadApi(
  ipc: IpcRendererLike,
  names: PreloadNames,
): Record<string, unknown> {
  const api: Record<string, unknown> = {};
  for (const [name, channel] of names.methods) {
    api[name] = async (input: unknown) => {
      const reply = (await ipc.invoke(channel, input)) as Reply;
      if (reply.ok) return reply.result;
      throw { code: reply.error.code, message: reply.error.message, hint: reply.error.hint };
    };
  }
  for (const [subscription, channel] of names.events) {
    api[subscription] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${subscription} needs a function`);
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    };
  }
  return api;
}
