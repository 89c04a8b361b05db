/**
 * Who may talk to the web server. Defends against the three ways a page in the user's own
 * browser could reach a loopback server: cross-site WebSocket hijacking (Origin), DNS
 * rebinding (Host), and guessing (a 256-bit per-launch token, compared in constant time).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import type { IncomingMessage } from 'node:http';
import { WS_TOKEN_PREFIX } from '../../../shared/ws-protocol';

export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

export function isLoopbackHost(host: string): boolean {
  return (
    host === '127.0.0.1' ||
    host === 'localhost' ||
    host === '::1' ||
    host === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}

export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/**
 * The host names a browser may use to reach us: loopback names, plus the bound address when
 * it is a specific one, plus every interface address when bound to all of them (the
 * --allow-remote case, where the token is the guard).
 */
export function allowedHostNames(boundHost: string): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  const add = (h: string) =>
    names.add(h.includes(':') && !h.startsWith('[') ? `[${h}]` : h.toLowerCase());
  if (isWildcardHost(boundHost)) {
    for (const list of Object.values(networkInterfaces()))
      for (const ni of list ?? []) add(ni.address);
  } else {
    add(boundHost);
  }
  return names;
}

export class RequestGuard {
  private readonly hosts: Set<string>;
  private readonly tokenDigest: Buffer;

  constructor(
    boundHost: string,
    private readonly port: number,
    token: string,
  ) {
    this.hosts = new Set([...allowedHostNames(boundHost)].map((h) => `${h}:${port}`));
    this.tokenDigest = digest(token);
  }

  /** The Host header must name us exactly (name and port), else it may be a rebound name. */
  hostOk(req: IncomingMessage): boolean {
    const host = req.headers.host;
    return typeof host === 'string' && this.hosts.has(host.toLowerCase());
  }

  /** Browsers always send Origin on a WebSocket; it must be our own page. */
  originOk(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !origin.startsWith('http://')) return false;
    return this.hosts.has(origin.slice('http://'.length).toLowerCase());
  }

  /** The token is offered as a subprotocol `ccr.token.<hex>`; compared on digests in constant time. */
  tokenOk(req: IncomingMessage): boolean {
    const header = req.headers['sec-websocket-protocol'];
    if (typeof header !== 'string' || header.length > 1024) return false;
    let ok = false;
    for (const proto of header.split(',')) {
      const p = proto.trim();
      if (
        p.startsWith(WS_TOKEN_PREFIX) &&
        timingSafeEqual(digest(p.slice(WS_TOKEN_PREFIX.length)), this.tokenDigest)
      ) {
        ok = true;
      }
    }
    return ok;
  }

  get allowedHosts(): string[] {
    return [...this.hosts];
  }

  get boundPort(): number {
    return this.port;
  }
}

// Hashing first makes both sides the same length, so the comparison leaks nothing about it.
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
