import type { Api } from '../../shared/contract';

// The one client, set once at start-up (boot/client.ts). Stores call through it.
let current: Api | null = null;

export function setApi(api: Api): void {
  current = api;
}

export function api(): Api {
  if (!current) throw new Error('The client is not connected yet.');
  return current;
}
