/**
 * The Electron binding, over what the preload exposes as `window.ccr`. The preload rejects
 * with plain `{ code, message, hint }` objects (contextBridge strips Error properties); this
 * turns them back into AppErrors so both bindings fail the same way.
 */
import type { EventName, MethodName } from '../../../shared/contract';
import { subscriptionName } from '../../../shared/contract';
import { type ClientBinding, toClientError } from '../../../shared/client';

export type PreloadApi = Record<string, unknown>;

export function electronBinding(ccr: PreloadApi): ClientBinding {
  return {
    async call(method: MethodName, input: unknown) {
      const fn = ccr[method];
      if (typeof fn !== 'function')
        throw toClientError({
          code: 'unknown-method',
          message: `The app does not offer ${method}; restart it.`,
        });
      try {
        return await (fn as (input: unknown) => Promise<unknown>)(input);
      } catch (err) {
        throw toClientError(err);
      }
    },
    subscribe(event: EventName, listener: (payload: unknown) => void) {
      const fn = ccr[subscriptionName(event)];
      if (typeof fn !== 'function') return () => {};
      return (fn as (l: (p: unknown) => void) => () => void)(listener);
    },
  };
}
