/** Contract handlers of the image domain. */
import type { Handlers } from '../../shared/contract';
import { findHostTrustStore } from './ca-certs';

export function imageHandlers(
  deps: {
    platform?: NodeJS.Platform;
    /** Where to look for the system bundle; the usual Linux paths unless a test gives its own. */
    hostBundles?: readonly string[];
  } = {},
): Pick<Handlers, 'getHostTrustStore'> {
  const platform = deps.platform ?? process.platform;
  return {
    getHostTrustStore: async () => {
      const path = await findHostTrustStore(platform, deps.hostBundles);
      if (path !== null) {
        return {
          path,
          hint: `add "${path}" to extraCaCertificates if this computer already trusts your proxy`,
        };
      }
      return {
        path: null,
        hint:
          platform === 'darwin'
            ? 'export the proxy CA from Keychain Access as .pem and add that file to extraCaCertificates'
            : platform === 'win32'
              ? 'export the proxy CA from certmgr.msc as Base-64 X.509 and add that file to extraCaCertificates'
              : 'no system trust bundle found; add the proxy CA as a PEM file to extraCaCertificates',
      };
    },
  };
}
