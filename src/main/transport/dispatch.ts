/**
 * The one place every incoming call is checked, for every binding: the method must be in the
 * contract, the payload must fit its schema and size limit, the handler's answer must fit the
 * output schema. Dispatch never throws and never leaves a promise unhandled: every outcome is a
 * `Reply`, and every refusal is logged.
 */
import type { z } from 'zod';
import {
  type ApiErrorPayload,
  type CallContext,
  type Handlers,
  type MethodName,
  MAX_MESSAGE_BYTES,
  isHeavyMethod,
  isMethodName,
  methods,
} from '../../shared/contract';
import { isAppError } from '../../shared/errors';
import { describeName, toApiError, transportError } from './errors';
import { type Limiter, createLimiter } from './limiter';
import type { TransportLog } from './log';

export type Reply = { ok: true; result: unknown } | { ok: false; error: ApiErrorPayload };

export interface DispatchRequest {
  method: unknown;
  input: unknown;
  /** Size of the message on the wire when the binding knows it; measured otherwise. */
  bytes?: number;
}

export type Dispatch = (request: DispatchRequest, ctx: CallContext) => Promise<Reply>;

/**
 * One dispatcher per server (or window): its limiter bounds the heavy calls of all the
 * clients it serves together, not of each client alone.
 */
export function createDispatcher(
  handlers: Handlers,
  log: TransportLog,
  limiter: Limiter = createLimiter(),
): Dispatch {
  const checked = checkedDispatcher(handlers, log, limiter);
  // A throwing schema refinement (a bug) must not escape either.
  return (request, ctx) =>
    checked(request, ctx).catch((err: unknown) => {
      log.error(`${ctx.transport}: dispatch failed`, err);
      return fail(toApiError(err, 'this call'));
    });
}

function checkedDispatcher(handlers: Handlers, log: TransportLog, limiter: Limiter): Dispatch {
  return async (request, ctx) => {
    const { method, input } = request;
    if (!isMethodName(method)) {
      log.warn(`${ctx.transport}: refused call to unknown method ${describeName(method)}`);
      return fail(
        transportError(
          'unknown-method',
          `Unknown method ${describeName(method)}.`,
          'Update the app: this client and the app do not match.',
        ),
      );
    }
    const bytes = request.bytes ?? measure(input);
    if (bytes === null || bytes > MAX_MESSAGE_BYTES) {
      log.warn(
        `${ctx.transport}: refused ${method}: payload ${bytes === null ? 'not serialisable' : `${bytes} bytes`}`,
      );
      return fail(
        bytes === null
          ? transportError('bad-request', `The payload for ${method} is not plain data.`)
          : transportError(
              'too-large',
              `The payload for ${method} is larger than ${MAX_MESSAGE_BYTES} bytes.`,
            ),
      );
    }
    const parsed = methods[method].input.safeParse(input);
    if (!parsed.success) {
      log.warn(`${ctx.transport}: refused ${method}: invalid payload`);
      return fail(
        transportError('bad-request', `Invalid payload for ${method}: ${summarise(parsed.error)}`),
      );
    }
    let output: unknown;
    try {
      output = isHeavyMethod(method)
        ? await limiter.run(ctx.signal, () => callHandler(handlers, method, parsed.data, ctx))
        : await callHandler(handlers, method, parsed.data, ctx);
    } catch (err) {
      if (!isAppError(err)) log.error(`${ctx.transport}: ${method} failed`, err);
      return fail(toApiError(err, method));
    }
    const checked = methods[method].output.safeParse(output);
    if (!checked.success) {
      log.error(
        `${ctx.transport}: ${method} returned a value that breaks the contract: ${summarise(checked.error)}`,
      );
      return fail(toApiError(new Error('contract violation'), method));
    }
    return { ok: true, result: checked.data };
  };
}

function fail(error: ApiErrorPayload): Reply {
  return { ok: false, error };
}

// The handler table is keyed by the same names as `methods`; the per-method generic types
// cannot be expressed in a loop, so the call is typed loosely here and checked by the schemas.
function callHandler(
  handlers: Handlers,
  method: MethodName,
  input: unknown,
  ctx: CallContext,
): Promise<unknown> {
  const handler = handlers[method] as (input: unknown, ctx: CallContext) => Promise<unknown>;
  return Promise.resolve().then(() => handler(input, ctx));
}

function measure(input: unknown): number | null {
  try {
    const text = JSON.stringify(input);
    return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
  } catch {
    return null;
  }
}

/**
 * A short, user-readable list of what is wrong: key paths and zod's messages, never values.
 * Keys come from the client, so only identifier-like ones are echoed.
 */
export function summarise(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(safeKey).join('.');
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown key(s) ${issue.keys.map(safeKey).join(', ')}`
        : issue.message;
    return path ? `${path}: ${message}` : message;
  });
  if (error.issues.length > 5) parts.push(`and ${error.issues.length - 5} more`);
  return parts.join('; ').slice(0, 500);
}

function safeKey(key: PropertyKey): string {
  if (typeof key === 'number') return String(key);
  return typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key) ? key : '(key)';
}
