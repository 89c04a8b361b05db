/**
 * Builds the one client interface (`Api`) from a binding's two primitives. Generated from the
 * contract's tables, so a method added to the contract is callable through every binding
 * without touching this file. Used by the renderer (Electron and WebSocket bindings) and by the
 * in-process binding.
 */
import {
  type Api,
  type EventName,
  type MethodName,
  eventNames,
  methodNames,
  subscriptionName,
} from './contract';
import { AppError, fromPayload } from './errors';

export interface ClientBinding {
  call(method: MethodName, input: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

export function buildApi(binding: ClientBinding): Api {
  const api: Record<string, unknown> = {};
  for (const name of methodNames) {
    api[name] = (input: unknown) => binding.call(name, input ?? {});
  }
  for (const name of eventNames) {
    api[subscriptionName(name)] = (listener: (payload: unknown) => void) =>
      binding.subscribe(name, listener);
  }
  return api as Api;
}

/** Whatever a binding rejected with, as an AppError with the server's code, message and hint. */
export function toClientError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (typeof err === 'object' && err !== null) {
    const { code, message, hint } = err as { code?: unknown; message?: unknown; hint?: unknown };
    if (typeof code === 'string' && typeof message === 'string') {
      return fromPayload({ code, message, hint });
    }
    if (typeof message === 'string') return new AppError('internal', message);
  }
  return new AppError('internal', 'The call failed.');
}
