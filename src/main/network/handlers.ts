/** Contract handlers of the network domain (policy plan, gateway state, allow answers, ports). */
import type { Handlers } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { SessionInfo } from '../../shared/schemas/session';
import type { PortForwarder } from './ports';
import type { NetworkService } from './service';

type NetworkMethods =
  'getNetworkPlan' | 'getNetworkState' | 'allowHost' | 'listPorts' | 'forwardPort' | 'closePort';

export function networkHandlers(deps: {
  network: NetworkService;
  ports: PortForwarder;
  getSession(id: string): Promise<SessionInfo | undefined>;
}): Pick<Handlers, NetworkMethods> {
  const { network, ports } = deps;
  const running = async (id: string) => {
    const s = await deps.getSession(id);
    if (!s) throw new AppError('session-not-found', `no session ${id}`);
    if (s.status !== 'running' || !s.containerId)
      throw new AppError('session-not-running', `session ${id} is ${s.status}`, 'start it first');
    return s;
  };
  return {
    getNetworkPlan: ({ folder }) => network.planFor(folder),
    getNetworkState: ({ sessionId }) => network.state(sessionId),
    allowHost: (input) => network.allowHost(input),
    listPorts: async ({ sessionId }) => ({
      sessionId,
      ports: await ports.list(await running(sessionId)),
    }),
    forwardPort: async ({ sessionId, port }) => ports.forward(await running(sessionId), port),
    closePort: async ({ sessionId, port }) => {
      await ports.close(sessionId, port);
      const s = await deps.getSession(sessionId);
      return {
        sessionId,
        ports: s && s.status === 'running' ? await ports.list(s) : [],
      };
    },
  };
}
