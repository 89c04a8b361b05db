/**
 * The gateway's way out when this computer itself must go through a proxy (a company network:
 * HTTPS_PROXY in the app's environment). Every allowed connection is then a CONNECT tunnel
 * through that proxy, which resolves the name itself; NO_PROXY names are dialled directly.
 */
import { connect, type Socket } from 'node:net';
import { splitAuthority } from './proxy-request';

export interface UpstreamProxy {
  host: string;
  port: number;
  /** Basic credentials from the proxy URL, sent as Proxy-Authorization. */
  auth?: string;
  noProxy: string[];
}

/** The proxy the app's environment names for https (else http), or null. */
export function upstreamFromEnv(env: NodeJS.ProcessEnv): UpstreamProxy | null {
  const raw = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy;
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:') return null;
  const a = splitAuthority(url.host, 80);
  if (!a) return null;
  const noProxy = (env.NO_PROXY || env.no_proxy || '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const auth = url.username
    ? Buffer.from(
        `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`,
      ).toString('base64')
    : undefined;
  return { ...a, noProxy, ...(auth ? { auth } : {}) };
}

export function bypasses(proxy: UpstreamProxy, host: string): boolean {
  return proxy.noProxy.some(
    (n) =>
      n === '*' || host === n.replace(/^\./, '') || host.endsWith(n.startsWith('.') ? n : `.${n}`),
  );
}

/** A socket tunnelled to host:port through the proxy; rejects with the proxy's answer. */
export function connectThrough(proxy: UpstreamProxy, host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: proxy.host, port: proxy.port });
    let got = Buffer.alloc(0);
    const fail = (e: Error) => {
      sock.destroy();
      reject(e);
    };
    sock.once('error', fail);
    sock.once('connect', () => {
      const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
      sock.write(
        `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n` +
          (proxy.auth ? `Proxy-Authorization: Basic ${proxy.auth}\r\n` : '') +
          '\r\n',
      );
    });
    const onData = (d: Buffer) => {
      got = Buffer.concat([got, d]);
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) {
        if (got.length > 16 * 1024) fail(new Error('the proxy sent an endless answer'));
        return;
      }
      sock.off('data', onData);
      sock.off('error', fail);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(got.subarray(0, end).toString('latin1'));
      if (status?.[1] !== '200') {
        fail(
          new Error(
            `your proxy ${proxy.host}:${proxy.port} refused: ${got.subarray(0, Math.min(end, 200)).toString('latin1').split('\r\n')[0]}`,
          ),
        );
        return;
      }
      const rest = got.subarray(end + 4);
      if (rest.length) sock.unshift(rest);
      resolve(sock);
    };
    sock.on('data', onData);
  });
}
