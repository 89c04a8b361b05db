/**
 * The allowlist matcher the gateway asks for every connection. Rules (docs/network.md):
 * host names compare case-insensitively with one trailing dot ignored; `*.x.com` matches
 * a.x.com and a.b.x.com but not x.com; an entry without a port allows 80 and 443 only; an IP
 * literal matches only that literal (a wildcard never matches an address). A host that is not a
 * well-formed name or address matches nothing, whatever the patterns say.
 */
import { isIP } from 'node:net';
import { HostPattern } from '../../../shared/schemas/network-policy';

export const DEFAULT_PORTS: readonly number[] = [80, 443];

export interface ParsedPattern {
  /** Lowercase name without a trailing dot, or a canonical IP literal (IPv6 without brackets). */
  host: string;
  /** `*.host`: any subdomain of host, not host itself. */
  wildcard: boolean;
  /** null: 80 and 443. */
  port: number | null;
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** IPv6 in the one spelling Node prints (`::1`, not `0:0::1`), so equal addresses compare equal. */
function canonicalIPv6(ip: string): string {
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip;
  }
}

/**
 * A host as the gateway received it → its comparable form, or null when it is not a valid
 * host name or IP address (then nothing allows it).
 */
export function normalizeHost(raw: string): string | null {
  let h = raw.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (isIP(h) === 6) return canonicalIPv6(h);
  if (isIP(h) === 4) return h;
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h.length === 0 || h.length > 253) return null;
  const labels = h.split('.');
  // A name ending in a number is an address to resolvers (1.2.3 → 1.2.0.3, 0x7f.1 → 127.0.0.1):
  // only the canonical dotted quad above counts as one; no real top-level domain is numeric.
  if (/^(?:\d+|0x[0-9a-f]*)$/.test(labels[labels.length - 1]!)) return null;
  return labels.every((l) => LABEL.test(l)) ? h : null;
}

/** One allowlist entry → its parts, or null when it is not a valid HostPattern. */
export function parsePattern(pattern: string): ParsedPattern | null {
  const checked = HostPattern.safeParse(pattern);
  if (!checked.success) return null;
  const p = checked.data;
  let hostPart = p;
  let port: number | null = null;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(p);
  if (bracketed) {
    hostPart = bracketed[1]!;
    if (bracketed[2] !== undefined) port = Number(bracketed[2]);
  } else {
    const colon = p.lastIndexOf(':');
    if (colon >= 0) {
      hostPart = p.slice(0, colon);
      port = Number(p.slice(colon + 1));
    }
  }
  if (port !== null && (port < 1 || port > 65535)) return null;
  const wildcard = hostPart.startsWith('*.');
  const host = normalizeHost(wildcard ? hostPart.slice(2) : hostPart);
  if (host === null) return null;
  // A bracketed entry must hold an IPv6 address; a wildcard never names an address.
  if (bracketed && isIP(host) !== 6) return null;
  if (wildcard && isIP(host) !== 0) return null;
  return { host, wildcard, port };
}

/** Whether one parsed entry allows host:port (host already normalized). */
function entryAllows(e: ParsedPattern, host: string, port: number): boolean {
  if (e.port === null ? !DEFAULT_PORTS.includes(port) : e.port !== port) return false;
  if (!e.wildcard) return e.host === host;
  return isIP(host) === 0 && host.endsWith(`.${e.host}`);
}

export interface Allowlist {
  allows(host: string, port: number): boolean;
}

/** Compiles allowlist entries; entries that are not valid patterns allow nothing. */
export function compileAllowlist(patterns: readonly string[]): Allowlist {
  const entries = patterns.map(parsePattern).filter((e): e is ParsedPattern => e !== null);
  const exact = new Map<string, ParsedPattern[]>();
  const wild: ParsedPattern[] = [];
  for (const e of entries) {
    if (e.wildcard) wild.push(e);
    else exact.set(e.host, [...(exact.get(e.host) ?? []), e]);
  }
  return {
    allows(rawHost, port) {
      if (!Number.isInteger(port) || port < 1 || port > 65535) return false;
      const host = normalizeHost(rawHost);
      if (host === null) return false;
      if ((exact.get(host) ?? []).some((e) => entryAllows(e, host, port))) return true;
      return wild.some((e) => entryAllows(e, host, port));
    },
  };
}

/**
 * Whether every connection `pattern` allows is also allowed by `patterns` (for the trust rule:
 * a project's allowlist may only ask for what the user's already allows). Invalid: false.
 */
export function patternCoveredBy(pattern: string, patterns: readonly string[]): boolean {
  const p = parsePattern(pattern);
  if (!p) return false;
  const ports = p.port === null ? DEFAULT_PORTS : [p.port];
  if (!p.wildcard) {
    const list = compileAllowlist(patterns);
    return ports.every((port) => list.allows(p.host, port));
  }
  // `*.a.x.com` is covered by `*.a.x.com` or `*.x.com` with the ports; never by names alone.
  return patterns
    .map(parsePattern)
    .some(
      (u) =>
        u !== null &&
        u.wildcard &&
        (p.host === u.host || p.host.endsWith(`.${u.host}`)) &&
        ports.every((port) => (u.port === null ? DEFAULT_PORTS.includes(port) : u.port === port)),
    );
}

/** A URL's host as an allowlist entry (`host`, `host:port`, `[v6]:port`); null if none. */
export function patternFromUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.hostname === '') return null;
  const port = u.port === '' ? '' : `:${u.port}`;
  const pattern = `${u.hostname.replace(/\.$/, '')}${port}`;
  return parsePattern(pattern) ? pattern.toLowerCase() : null;
}
