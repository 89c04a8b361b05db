/**
 * The preload's name list, computed from the contract at build time (electron.vite.config.ts
 * injects it as `__CCR_PRELOAD_NAMES__`), so the sandboxed preload stays a few lines of code
 * without zod or the schemas, and still follows every change of the contract.
 */
import { eventNames, ipcChannel, methodNames, subscriptionName } from '../shared/contract';

export interface PreloadNames {
  /** [method name, IPC channel] */
  methods: [string, string][];
  /** [subscription name (onX), IPC channel] */
  events: [string, string][];
}

export function preloadNames(): PreloadNames {
  return {
    methods: methodNames.map((name) => [name, ipcChannel.method(name)]),
    events: eventNames.map((name) => [subscriptionName(name), ipcChannel.event(name)]),
  };
}
