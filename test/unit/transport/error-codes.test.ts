/**
 * Error codes are one type (`ErrorCode`): a code thrown by a handler reaches every client
 * binding as the same code, so a check like the push bar's (`hasCode(e,
 * 'push-needs-confirmation')`) fires whichever way the page talks to the host. A code this
 * build does not know (a newer or older host) arrives as `internal` with its message kept.
 * The `@ts-expect-error` lines are checked by `npm run typecheck`: a wrong code does not compile.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Handlers } from '../../../src/shared/contract';
import { buildApi, toClientError } from '../../../src/shared/client';
import { errorCodes, isErrorCode } from '../../../src/shared/error-codes';
import { AppError, hasCode } from '../../../src/shared/errors';
import { EventBus } from '../../../src/main/events';
import { type BoundClient, type Core, ipcClient, localClient, wsClient } from './harness';

const MESSAGE = 'claude/fix-login was rewritten since it was pushed';
const HINT = 'Confirm to push with --force-with-lease.';

let rendererDir: string;
let core: Core;

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'ccr-error-codes-'));
  // Only the one method this test calls; the dispatcher looks handlers up by name.
  const handlers = {
    getAppInfo: async () => {
      throw new AppError('push-needs-confirmation', MESSAGE, HINT);
    },
  } as unknown as Handlers;
  core = { handlers, bus: new EventBus() };
});
afterAll(async () => {
  await rm(rendererDir, { recursive: true, force: true });
});

const bindings: [string, () => Promise<BoundClient>][] = [
  ['in-process', async () => localClient(core)],
  ['IPC', async () => ipcClient(core)],
  ['WebSocket', async () => wsClient(core, rendererDir)],
];

describe.each(bindings)('an error code over the %s binding', (_name, open) => {
  it('arrives as the code, message and hint the handler threw', async () => {
    const client = await open();
    try {
      const err = await buildApi(client.binding)
        .getAppInfo({})
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(err).toBeInstanceOf(AppError);
      expect(hasCode(err, 'push-needs-confirmation')).toBe(true);
      expect(hasCode(err, 'push-rejected', 'push-failed')).toBe(false);
      expect(err).toMatchObject({ code: 'push-needs-confirmation', message: MESSAGE, hint: HINT });
    } finally {
      await client.close();
    }
  });
});

describe('a code that arrives as text', () => {
  it('is kept when this build knows it', () => {
    const err = toClientError({ code: 'discard-unmerged', message: 'not merged', hint: 'merge' });
    expect(err).toMatchObject({ code: 'discard-unmerged', message: 'not merged', hint: 'merge' });
  });

  it('becomes internal with its message and hint kept when this build does not know it', () => {
    const err = toClientError({ code: 'from-a-newer-host', message: 'it broke', hint: 'retry' });
    expect(err).toMatchObject({ code: 'internal', message: 'it broke', hint: 'retry' });
    expect(isErrorCode('from-a-newer-host')).toBe(false);
    expect(isErrorCode('push-needs-confirmation')).toBe(true);
  });

  it('is never listed in two domains', () => {
    expect(new Set(errorCodes).size).toBe(errorCodes.length);
  });
});

describe('the type', () => {
  it('refuses a code that is not an ErrorCode', () => {
    // The push bar once waited for this code, which the host never sent.
    // @ts-expect-error 'push-rewrite-unconfirmed' is not an ErrorCode
    const thrown = new AppError('push-rewrite-unconfirmed', 'x');
    // @ts-expect-error matching on an unknown code does not compile either
    expect(hasCode(thrown, 'push-rewrite-unconfirmed')).toBe(true);
  });
});
