/**
 * The Electron IPC binding, written against the few ipcMain/webContents calls it needs so it
 * runs (and is tested) without Electron. One `handle` per contract method, generated from the
 * table; one `send` per event. Every call first passes the sender check the Electron glue
 * supplies (the app's own main frame only).
 */
import { type EventName, type Handlers, ipcChannel, methodNames } from '../../shared/contract';
import type { EventBus } from '../events';
import { type Reply, createDispatcher } from './dispatch';
import { transportError } from './errors';
import { checkEvent } from './events';
import type { TransportLog } from './log';

export interface IpcMainLike<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcBindingOptions<E> {
  ipcMain: IpcMainLike<E>;
  handlers: Handlers;
  bus: EventBus;
  /** True only for the app's own window and frame. */
  isTrustedSender(event: E): boolean;
  /** Delivers an event to the window (skips a destroyed one). */
  send(channel: string, payload: unknown): void;
  log: TransportLog;
  /** Aborted when the binding goes away (window closed): handlers see it as ctx.signal. */
  signal: AbortSignal;
}

/** Registers everything; returns a function that removes it again. */
export function bindIpc<E>(options: IpcBindingOptions<E>): () => void {
  const { ipcMain, log } = options;
  const dispatch = createDispatcher(options.handlers, log);
  for (const name of methodNames) {
    ipcMain.handle(ipcChannel.method(name), async (event, ...args): Promise<Reply> => {
      if (!safeTrusted(options, event)) {
        log.warn(`ipc: refused ${name} from a frame that is not the app's own`);
        return { ok: false, error: transportError('forbidden', 'This page may not call the app.') };
      }
      if (args.length !== 1) {
        log.warn(`ipc: refused ${name}: ${args.length} arguments`);
        return {
          ok: false,
          error: transportError('bad-request', `${name} takes exactly one argument.`),
        };
      }
      return dispatch(
        { method: name, input: args[0] },
        { transport: 'ipc', signal: options.signal },
      );
    });
  }
  const unsubscribe = options.bus.subscribe((name: EventName, payload) => {
    const checked = checkEvent(name, payload, log);
    if (checked !== undefined) options.send(ipcChannel.event(name), checked);
  });
  return () => {
    unsubscribe();
    for (const name of methodNames) ipcMain.removeHandler(ipcChannel.method(name));
  };
}

function safeTrusted<E>(options: IpcBindingOptions<E>, event: E): boolean {
  try {
    return options.isTrustedSender(event) === true;
  } catch {
    return false;
  }
}
