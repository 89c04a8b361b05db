/** Contract handlers of the engine domain. */
import type { Handlers } from '../../shared/contract';
import type { EngineProvider } from './provider';

export interface EngineHandlerDeps {
  provider: EngineProvider;
  /** The project's configured dockerSocketPath (undefined when none or the config is invalid). */
  socketPathFor?: (projectDir: string) => Promise<string | undefined>;
}

export function engineHandlers(deps: EngineHandlerDeps): Pick<Handlers, 'getEngineStatus'> {
  return {
    getEngineStatus: async ({ projectDir }) => {
      const dockerSocketPath =
        projectDir && deps.socketPathFor ? await deps.socketPathFor(projectDir) : undefined;
      return deps.provider.status({ dockerSocketPath });
    },
  };
}
