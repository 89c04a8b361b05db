/** The terminal methods of the contract, over a TerminalService. */
import type { Handlers } from '../../shared/contract';
import type { TerminalService } from './service';

type TerminalMethods =
  | 'listTerminals'
  | 'openTerminal'
  | 'closeTerminal'
  | 'writeTerminal'
  | 'resizeTerminal'
  | 'attachTerminal'
  | 'detachTerminal'
  | 'ackTerminal'
  | 'scrollTerminal';

export function terminalHandlers(service: TerminalService): Pick<Handlers, TerminalMethods> {
  const ok = { ok: true as const };
  return {
    listTerminals: async ({ sessionId }) => ({ terminals: await service.listResumed(sessionId) }),
    openTerminal: async (input) => service.open(input),
    closeTerminal: async ({ terminalId }) => {
      service.close(terminalId);
      return ok;
    },
    writeTerminal: async ({ terminalId, data, viewerId }) => {
      service.write(terminalId, data, viewerId);
      return ok;
    },
    resizeTerminal: async ({ terminalId, cols, rows, viewerId }) => {
      await service.resize(terminalId, cols, rows, viewerId);
      return ok;
    },
    attachTerminal: async ({ terminalId, viewerId }, ctx) =>
      service.attach(terminalId, viewerId, ctx.signal),
    detachTerminal: async ({ terminalId, viewerId }) => {
      service.detach(terminalId, viewerId);
      return ok;
    },
    scrollTerminal: async ({ terminalId, lines }) => ({
      handled: await service.scroll(terminalId, lines),
    }),
    ackTerminal: async ({ terminalId, viewerId, chars }) => {
      service.ack(terminalId, viewerId, chars);
      return ok;
    },
  };
}
