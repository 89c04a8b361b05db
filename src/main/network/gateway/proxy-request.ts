/**
 * What a client in the container asked the gateway for: `CONNECT host:port` (TLS and anything
 * tunnelled), or a plain HTTP request in absolute form (`GET http://host/path`). Everything
 * here comes from the container and is untrusted: the head is bounded, the host must be a
 * name or an IP literal, and the plain request is rewritten so one connection carries one
 * request to the host that was checked (no keep-alive to a second host).
 */

export const MAX_HEAD = 64 * 1024;

export type ProxyRequest =
  | { kind: 'connect'; host: string; port: number }
  | { kind: 'http'; host: string; port: number; head: Buffer };

export type ParseResult =
  | { done: false }
  | { done: true; request: ProxyRequest; rest: Buffer }
  | { done: true; error: string; host?: string; port?: number };

const HOST_NAME =
  /^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.?$/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:.]+$/i;

/** `host:port` or `[v6]:port` → lower-case host (no brackets, no trailing dot) and port. */
export function splitAuthority(
  authority: string,
  defaultPort?: number,
): { host: string; port: number } | null {
  let host: string;
  let portText: string | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(authority);
  if (v6) {
    host = v6[1]!;
    portText = v6[2];
    if (!IPV6.test(host)) return null;
  } else {
    const m = /^([^:]+)(?::(\d+))?$/.exec(authority);
    if (!m) return null;
    host = m[1]!;
    portText = m[2];
    if (!HOST_NAME.test(host) && !IPV4.test(host)) return null;
  }
  const port = portText === undefined ? defaultPort : Number(portText);
  if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { host: host.toLowerCase().replace(/\.$/, ''), port };
}

/** Feed the bytes received so far; answers once the head is complete (or cannot be). */
export function parseProxyHead(received: Buffer): ParseResult {
  const end = received.indexOf('\r\n\r\n');
  if (end < 0) {
    if (received.length > MAX_HEAD) return { done: true, error: 'the request head is too long' };
    // A client that speaks anything but HTTP is told so at once, not left waiting.
    const first = received.subarray(0, 16).toString('latin1');
    if (first.length >= 3 && !/^[A-Z]+( |$)/.test(first))
      return { done: true, error: 'not an HTTP proxy request' };
    return { done: false };
  }
  const head = received.subarray(0, end).toString('latin1');
  const rest = received.subarray(end + 4);
  const lines = head.split('\r\n');
  const m = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(lines[0] ?? '');
  if (!m) return { done: true, error: 'not an HTTP proxy request' };
  const [, method, target] = m as unknown as [string, string, string];
  if (method === 'CONNECT') {
    const a = splitAuthority(target);
    if (!a) return { done: true, error: `CONNECT to "${target.slice(0, 100)}" names no host:port` };
    return { done: true, request: { kind: 'connect', ...a }, rest };
  }
  const u = /^http:\/\/([^/?#]+)([^#]*)$/i.exec(target);
  if (!u) {
    return {
      done: true,
      error: 'a proxy request must name its host (absolute http:// URL or CONNECT)',
    };
  }
  const a = splitAuthority(u[1]!, 80);
  if (!a) return { done: true, error: `"${u[1]!.slice(0, 100)}" is not a host` };
  const path = u[2] || '/';
  const headers = lines
    .slice(1)
    .filter((l) => !/^(proxy-connection|proxy-authorization|connection|keep-alive)\s*:/i.test(l));
  const out = [`${method} ${path} HTTP/1.1`, ...headers, 'Connection: close', '', ''].join('\r\n');
  return {
    done: true,
    request: { kind: 'http', ...a, head: Buffer.from(out, 'latin1') },
    rest,
  };
}

/** An answer from the gateway itself (the client sees why it was refused). */
export function gatewayResponse(status: number, reason: string, text: string): Buffer {
  const body = `Claude Code Runner network gateway: ${text}\n`;
  return Buffer.from(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n` +
      `X-Claude-Code-Runner: ${status === 403 ? 'denied' : 'error'}\r\n\r\n${body}`,
    'utf8',
  );
}
