/** The login sync's contract handler: getLoginSync. */
import type { Handlers } from '../../shared/contract';
import type { LoginSyncService } from './service';

export function loginSyncHandlers(service: LoginSyncService): Pick<Handlers, 'getLoginSync'> {
  return {
    getLoginSync: () => service.report(),
  };
}
