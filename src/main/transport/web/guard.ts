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

/**
 * The secrets of one server run. A printed link carries a one-time link token; the page trades
 * it (POST /api/session) for a session token it keeps in its tab's sessionStorage and offers on
 * every WebSocket. So the link left in the browser's history opens nothing once used, and a
 * restarted server knows none of the old tabs. All comparisons are on digests, in constant time.
 */
export class Credentials {
  private links: Buffer[] = [];
  private sessions: Buffer[] = [];

  constructor(
    private readonly maxLinks = 16,
    private readonly maxSessions = 1000,
  ) {}

  /** A new single-use link token (the oldest unused one is dropped beyond the cap). */
  mintLink(token = newToken()): string {
    this.links.push(digest(token));
    if (this.links.length > this.maxLinks) this.links.shift();
    return token;
  }

  /** Uses up a link token; the session token for the tab, or null for an unknown/used link. */
  redeemLink(token: string): string | null {
    const i = findDigest(this.links, token);
    if (i < 0) return null;
    this.links.splice(i, 1);
    return this.issueSession();
  }

  /** A session token straight away: for in-process clients (tests), never reachable remotely. */
  issueSession(): string {
    const token = newToken();
    this.sessions.push(digest(token));
    if (this.sessions.length > this.maxSessions) this.sessions.shift();
    return token;
  }

  sessionOk(token: string): boolean {
    return findDigest(this.sessions, token) >= 0;
  }
}

/** Index of the token's digest; every entry is compared, so timing says nothing about which. */
function findDigest(list: Buffer[], token: string): number {
  if (token.length > 256) return -1;
  const d = digest(token);
  let found = -1;
  list.forEach((entry, i) => {
    if (timingSafeEqual(entry, d) && found < 0) found = i;
  });
  return found;
}

export class RequestGuard {
  private readonly hosts: Set<string>;

  constructor(
    boundHost: string,
    private readonly port: number,
    private readonly credentials: Credentials,
  ) {
    this.hosts = new Set([...allowedHostNames(boundHost)].map((h) => `${h}:${port}`));
  }

  /** The Host header must name us exactly (name and port), else it may be a rebound name. */
  hostOk(req: IncomingMessage): boolean {
    const host = req.headers.host;
    return typeof host === 'string' && this.hosts.has(host.toLowerCase());
  }

  /** Browsers always send Origin on a WebSocket and a POST; it must be our own page. */
  originOk(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !origin.startsWith('http://')) return false;
    return this.hosts.has(origin.slice('http://'.length).toLowerCase());
  }

  /** The session token is offered as a subprotocol `ccr.token.<hex>`. */
  tokenOk(req: IncomingMessage): boolean {
    const header = req.headers['sec-websocket-protocol'];
    if (typeof header !== 'string' || header.length > 1024) return false;
    let ok = false;
    for (const proto of header.split(',')) {
      const p = proto.trim();
      if (
        p.startsWith(WS_TOKEN_PREFIX) &&
        this.credentials.sessionOk(p.slice(WS_TOKEN_PREFIX.length))
      )
        ok = true;
    }
    return ok;
  }

  /** `Authorization: Bearer <session token>` (the page asking whether its session still holds). */
  bearerOk(req: IncomingMessage): boolean {
    const header = req.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
    return this.credentials.sessionOk(header.slice('Bearer '.length).trim());
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
