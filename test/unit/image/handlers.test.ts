import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { methods } from '../../../src/shared/contract';
import { imageHandlers } from '../../../src/main/image/handlers';

type Ctx = Parameters<ReturnType<typeof imageHandlers>['getHostTrustStore']>[1];
const ctx = {} as Ctx;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccr-trust-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('getHostTrustStore', () => {
  it('offers the first Linux system bundle that exists, as the entry to add', async () => {
    const rhel = join(dir, 'pki/tls-ca-bundle.pem');
    const debian = join(dir, 'ca-certificates.crt');
    const suse = join(dir, 'ca-bundle.pem');
    writeFileSync(debian, tls.rootCertificates.join('\n'));
    writeFileSync(suse, tls.rootCertificates.join('\n'));
    const res = await imageHandlers({
      platform: 'linux',
      hostBundles: [rhel, debian, suse],
    }).getHostTrustStore({}, ctx);
    expect(res).toEqual({
      path: debian,
      hint: `add "${debian}" to extraCaCertificates if this computer already trusts your proxy`,
    });
    expect(methods.getHostTrustStore.output.parse(res)).toEqual(res);
  });

  it('says so when a Linux machine has none, and how to add the proxy CA instead', async () => {
    const res = await imageHandlers({
      platform: 'linux',
      hostBundles: [join(dir, 'missing.crt'), dir], // a directory is not a bundle
    }).getHostTrustStore({}, ctx);
    expect(res).toEqual({ path: null, hint: expect.stringMatching(/no system trust bundle/) });
    expect(methods.getHostTrustStore.output.parse(res)).toEqual(res);
  });

  it('explains the manual export on macOS and Windows', async () => {
    const mac = await imageHandlers({ platform: 'darwin' }).getHostTrustStore({}, ctx);
    expect(mac).toEqual({ path: null, hint: expect.stringMatching(/Keychain Access/) });
    const win = await imageHandlers({ platform: 'win32' }).getHostTrustStore({}, ctx);
    expect(win).toEqual({ path: null, hint: expect.stringMatching(/certmgr\.msc/) });
  });
});
