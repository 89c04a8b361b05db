/**
 * The environment that points a container's tools at the gateway: curl, git, pip and most
 * HTTP libraries read the *_PROXY variables (some only the lower-case ones), npm its own
 * npm_config_* keys. A tool that ignores them gets no network at all (there is no route).
 */
import { PROXY_PORT } from './forwarder-script';

export function proxyEnv(port = PROXY_PORT): Record<string, string> {
  const url = `http://127.0.0.1:${port}`;
  const local = 'localhost,127.0.0.1,::1';
  return {
    HTTP_PROXY: url,
    HTTPS_PROXY: url,
    ALL_PROXY: url,
    http_proxy: url,
    https_proxy: url,
    all_proxy: url,
    NO_PROXY: local,
    no_proxy: local,
    npm_config_proxy: url,
    npm_config_https_proxy: url,
    // Yarn 2+ reads only its own keys.
    YARN_HTTP_PROXY: url,
    YARN_HTTPS_PROXY: url,
    CCR_NETWORK_GATEWAY: url,
  };
}
