import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { methods } from '../../../src/shared/contract';
import { imageHandlers } from '../../../src/main/image/handlers';
import { HOST_BUNDLE_CANDIDATES } from '../../../src/main/image/ca-certs';

type Ctx = Parameters<ReturnType<typeof imageHandlers>['getHostTrustStore']>[1];
const ctx = {} as Ctx;

describe('getHostTrustStore', () => {
  it('offers the Linux system bundle that exists here', async () => {
    const res = await imageHandlers({ platform: 'linux' }).getHostTrustStore({}, ctx);
    const expected = HOST_BUNDLE_CANDIDATES.find((p) => existsSync(p)) ?? null;
    expect(res.path).toBe(expected);
    expect(methods.getHostTrustStore.output.parse(res)).toEqual(res);
  });

  it('explains the manual export on macOS and Windows', async () => {
    const mac = await imageHandlers({ platform: 'darwin' }).getHostTrustStore({}, ctx);
    expect(mac).toEqual({ path: null, hint: expect.stringMatching(/Keychain Access/) });
    const win = await imageHandlers({ platform: 'win32' }).getHostTrustStore({}, ctx);
    expect(win).toEqual({ path: null, hint: expect.stringMatching(/certmgr\.msc/) });
  });
});
