import type { ApiErrorPayload } from '../../shared/contract';
import type { TransportErrorCode } from '../../shared/error-codes';
import { isAppError } from '../../shared/errors';

export function transportError(
  code: TransportErrorCode,
  message: string,
  hint?: string,
): ApiErrorPayload {
  return hint === undefined ? { code, message } : { code, message, hint };
}

/**
 * What crosses to a client for an error thrown by a handler: an AppError as it is (its
 * message is written for the user), anything else as a generic message, because a raw error
 * may carry paths, stack traces or worse.
 */
export function toApiError(err: unknown, method: string): ApiErrorPayload {
  if (isAppError(err)) return err.toPayload();
  return transportError(
    'internal',
    `Something went wrong in the app while running ${method}.`,
    'Try again; if it keeps failing, see the app log for details.',
  );
}

/** A method name is echoed back only if it looks like one (never arbitrary client text). */
export function describeName(name: unknown): string {
  return typeof name === 'string' && /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(name)
    ? `"${name}"`
    : '(invalid name)';
}
