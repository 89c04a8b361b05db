import { type ErrorCode, isErrorCode } from './error-codes';

export { type ErrorCode, isErrorCode } from './error-codes';

/**
 * One error type for everything that crosses the contract. `code` is stable and machine
 * readable (one of `ErrorCode`, so a wrong one does not compile); `message` says what went
 * wrong; `hint` says what the user can do about it. Never put a secret in any of them.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  constructor(code: ErrorCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.hint = hint;
  }

  toPayload(): { code: ErrorCode; message: string; hint?: string } {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/**
 * True when `e` is an AppError with one of `codes`. Matching goes through here (not
 * `e.code === '…'` on an unknown) so the codes matched are checked against `ErrorCode`.
 */
export function hasCode(e: unknown, ...codes: [ErrorCode, ...ErrorCode[]]): e is AppError {
  return e instanceof AppError && codes.includes(e.code);
}

/**
 * An error payload that arrived as data (IPC, WebSocket, a stored record) as an AppError.
 * A code this build does not know (a newer or older host) becomes `internal`; the message,
 * written for the user, is kept, and the payload stays reachable as `cause`.
 */
export function fromPayload(payload: { code: unknown; message: string; hint?: unknown }): AppError {
  const hint = typeof payload.hint === 'string' ? payload.hint : undefined;
  if (isErrorCode(payload.code)) return new AppError(payload.code, payload.message, hint);
  return new AppError('internal', payload.message, hint, { cause: payload });
}
