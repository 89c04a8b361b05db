/** Contract handlers of the engine domain. */
import type { Handlers } from '../../shared/contract';
import type { EngineProvider } from './provider';

export function engineHandlers(deps: {
  provider: EngineProvider;
}): Pick<Handlers, 'getEngineStatus'> {
  return {
    // projectDir would select a project's dockerSocketPath; the provider reads config lazily.
    getEngineStatus: async () => deps.provider.status(),
  };
}
