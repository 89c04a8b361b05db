/** Contract handlers of the usage domain. */
import type { Handlers } from '../../shared/contract';
import type { UsageService } from './service';

export function usageHandlers(usage: UsageService): Pick<Handlers, 'getUsage'> {
  return {
    getUsage: ({ sessionId }) => usage.getUsage(sessionId),
  };
}
