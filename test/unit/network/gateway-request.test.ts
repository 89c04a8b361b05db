/** What the gateway makes of a client's first bytes, and which addresses a name may not reach. */
import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../../src/main/network/gateway/addresses';
import { FrameDecoder, encodeFrame } from '../../../src/main/network/gateway/frames';
import { parseProxyHead } from '../../../src/main/network/gateway/proxy-request';
import { bypasses, upstreamFromEnv } from '../../../src/main/network/gateway/upstream';

const head = (s: string) => parseProxyHead(Buffer.from(s, 'latin1'));

describe('proxy requests', () => {
  it('reads CONNECT host:port, lower-cased, without a trailing dot', () => {
    const r = head('CONNECT GitHub.com.:443 HTTP/1.1\r\nHost: github.com:443\r\n\r\nTLS');
    expect(r).toMatchObject({
      done: true,
      request: { kind: 'connect', host: 'github.com', port: 443 },
    });
    expect('rest' in r && r.rest.toString()).toBe('TLS');
  });

  it('rewrites a plain request to origin form, one request per connection', () => {
    const r = head(
      'GET http://example.com:8080/a?b=1 HTTP/1.1\r\nHost: example.com:8080\r\nProxy-Connection: keep-alive\r\nConnection: keep-alive\r\nProxy-Authorization: x\r\n\r\n',
    );
    if (!r.done || !('request' in r) || r.request.kind !== 'http') throw new Error('not parsed');
    expect(r.request).toMatchObject({ host: 'example.com', port: 8080 });
    expect(r.request.head.toString()).toBe(
      'GET /a?b=1 HTTP/1.1\r\nHost: example.com:8080\r\nConnection: close\r\n\r\n',
    );
  });

  it('waits for the rest of a head, refuses what is not a proxy request', () => {
    expect(head('CONNECT example.com:44')).toEqual({ done: false });
    expect(head('\x16\x03\x01\x02\x00')).toMatchObject({
      done: true,
      error: 'not an HTTP proxy request',
    });
    expect(head('GET /relative HTTP/1.1\r\n\r\n')).toMatchObject({ done: true });
    expect('error' in head('GET /relative HTTP/1.1\r\n\r\n')).toBe(true);
    expect('error' in head('CONNECT a b:443 HTTP/1.1\r\n\r\n')).toBe(true);
    expect('error' in head('CONNECT evil.com:99999 HTTP/1.1\r\n\r\n')).toBe(true);
    expect('error' in head('CONNECT ev!l.com:443 HTTP/1.1\r\n\r\n')).toBe(true);
    expect(head('GET http://x.com/ HTTP/1.1\r\n' + 'A: b\r\n'.repeat(20000))).toMatchObject({
      done: true,
      error: 'the request head is too long',
    });
  });

  it('reads IPv6 literals in brackets', () => {
    expect(head('CONNECT [2001:db8::1]:443 HTTP/1.1\r\n\r\n')).toMatchObject({
      request: { host: '2001:db8::1', port: 443 },
    });
  });
});

describe('private addresses', () => {
  it('covers loopback, LAN, link-local (cloud metadata), CGNAT and unique-local IPv6', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['140.82.112.3', '172.32.0.1', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])
      expect(isPrivateAddress(a), a).toBe(false);
  });
});

describe('frames', () => {
  it('decode across arbitrary chunk boundaries and refuse an oversized frame', () => {
    const bytes = Buffer.concat([
      encodeFrame(1, 7, '4242'),
      encodeFrame(2, 7, Buffer.alloc(70000, 1)),
      encodeFrame(3, 7),
    ]);
    const d = new FrameDecoder();
    const got = [];
    for (let i = 0; i < bytes.length; i += 999) got.push(...d.push(bytes.subarray(i, i + 999)));
    expect(got.map((f) => [f.type, f.channel, f.payload.length])).toEqual([
      [1, 7, 4],
      [2, 7, 70000],
      [3, 7, 0],
    ]);
    const bad = Buffer.alloc(9);
    bad.writeUInt32BE(64 * 1024 * 1024, 5);
    expect(() => new FrameDecoder().push(bad)).toThrow(/frame/);
  });
});

describe("this computer's proxy", () => {
  it('comes from HTTPS_PROXY (else HTTP_PROXY) with NO_PROXY and credentials', () => {
    const p = upstreamFromEnv({
      https_proxy: 'http://u%40x:p@proxy.corp:3128',
      NO_PROXY: '.internal, localhost',
    });
    expect(p).toMatchObject({
      host: 'proxy.corp',
      port: 3128,
      auth: Buffer.from('u@x:p').toString('base64'),
    });
    expect(bypasses(p!, 'git.internal')).toBe(true);
    expect(bypasses(p!, 'localhost')).toBe(true);
    expect(bypasses(p!, 'github.com')).toBe(false);
    expect(upstreamFromEnv({})).toBeNull();
    expect(upstreamFromEnv({ HTTPS_PROXY: 'socks5://x:1080' })).toBeNull();
  });
});
