/**
 * The in-process binding: the same dispatch (validation included) as IPC and WebSocket, with
 * no wire in between. Used by tests and by CLI commands that run the core themselves.
 */
import type { Api, Handlers } from '../../shared/contract';
import { type ClientBinding, buildApi, toClientError } from '../../shared/client';
import type { EventBus } from '../events';
import { createDispatcher } from './dispatch';
import { checkEvent } from './events';
import { type TransportLog, consoleLog } from './log';

type CoreLike = { handlers: Handlers; bus: EventBus };

export function createLocalApi(core: CoreLike, log: TransportLog = consoleLog): Api {
  return buildApi(createLocalBinding(core, log));
}

export function createLocalBinding(core: CoreLike, log: TransportLog = consoleLog): ClientBinding {
  const dispatch = createDispatcher(core.handlers, log);
  const controller = new AbortController();
  return {
    async call(method, input) {
      // Cloned like a wire would, so callers and handlers never share mutable objects.
      const reply = await dispatch(
        { method, input: cloneIfPossible(input) },
        { transport: 'local', signal: controller.signal },
      );
      if (!reply.ok) throw toClientError(reply.error);
      return reply.result;
    },
    subscribe(event, listener) {
      return core.bus.subscribe((name, payload) => {
        if (name !== event) return;
        const checked = checkEvent(name, payload, log);
        if (checked !== undefined) listener(checked);
      });
    },
  };
}

function cloneIfPossible(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return value; // dispatch refuses what cannot be serialised
  }
}
