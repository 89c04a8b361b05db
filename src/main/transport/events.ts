import { type EventName, events } from '../../shared/contract';
import type { TransportLog } from './log';

/**
 * Checks an outgoing event against the contract before any binding forwards it, so a domain
 * bug can never push an off-contract shape (or extra fields) to a client. Returns the parsed
 * payload, or undefined (logged) when it does not fit.
 */
export function checkEvent(name: EventName, payload: unknown, log: TransportLog): unknown {
  const checked = events[name].safeParse(payload);
  if (checked.success) return checked.data;
  log.error(`event ${name} does not fit the contract; not sent`);
  return undefined;
}
