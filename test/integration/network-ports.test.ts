/**
 * Port preview edge cases on a real engine (network-port-preview.test.ts covers the happy path):
 * a client that half-closes still gets its whole answer, 2 MB go both ways intact, a process
 * name with control characters is shown cleaned, the gateway's own port is not listed, a
 * connection to a port nothing listens on ends (and is reported) instead of hanging, and a
 * session stopped while a forward is starting leaves no listener behind.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROXY_PORT } from '../../src/main/network/gateway/forwarder-script';
import { PortForwarder } from '../../src/main/network/ports';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { describeEachEngine } from '../helpers/engines';
import { engineFixture } from './engine-fixture';

const USER = '65534:65534';
/** Reads until the client's FIN, then sends back everything it got (one connection at a time). */
const ECHO = String.raw`
use IO::Socket::INET;
my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 3000, Listen => 10, ReuseAddr => 1) or die "$!";
$0 = "echo\e[31m\x07srv";
while (my $c = $s->accept) {
  binmode $c; my $all = ''; my $buf;
  while (sysread($c, $buf, 65536)) { $all .= $buf }
  my $o = 0; while ($o < length $all) { my $w = syswrite($c, $all, length($all) - $o, $o); last unless $w; $o += $w }
  close $c;
}`;
/** Answers "six" on [::1]:3002 only (where the container has IPv6 at all). */
const SIX = String.raw`
use Socket qw(AF_INET6 SOCK_STREAM SOL_SOCKET SO_REUSEADDR pack_sockaddr_in6 inet_pton);
socket(my $l, AF_INET6, SOCK_STREAM, 0) or die "$!";
bind($l, pack_sockaddr_in6(3002, inet_pton(AF_INET6, '::1'))) or die "$!";
listen($l, 5) or die "$!";
while (accept(my $c, $l)) { syswrite($c, "six"); close $c }`;
/** Answers "eth" on the container's own address only (port 3003). */
const ETH = String.raw`
use IO::Socket::INET;
my $s = IO::Socket::INET->new(LocalAddr => $ARGV[0], LocalPort => 3003, Listen => 5, ReuseAddr => 1) or die "$!";
while (my $c = $s->accept) { syswrite($c, "eth"); close $c }`;
/** Something on the gateway's port, which the list must leave out. */
const GATEWAY_LIKE = String.raw`
use IO::Socket::INET;
my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $ARGV[0], Listen => 1, ReuseAddr => 1) or die "$!";
sleep 3600;`;

/** Sends `data`, half-closes, and collects what comes back until the other side closes. */
function roundTrip(port: number, data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sock = connect({ host: '127.0.0.1', port, allowHalfOpen: true }, () => sock.end(data));
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('end', () => resolve(Buffer.concat(chunks)));
    sock.on('error', reject);
  });
}

describeEachEngine('port preview edge cases', (te) => {
  const f = engineFixture(te);
  let ports: PortForwarder;
  let session: SessionInfo;
  const errors: { port: number; message: string }[] = [];

  beforeAll(async () => {
    const id = await f.running('ports-edge', {
      network: 'none',
      security: { capDrop: ['ALL'], capAdd: [], noNewPrivileges: true },
    });
    session = {
      id: 'bbbbbbbbbbbb',
      containerId: id,
      containerUser: USER,
      status: 'running',
    } as SessionInfo;
    ports = new PortForwarder({
      engineFor: async () => f.engine,
      onError: (_s, port, e) => errors.push({ port, message: String(e) }),
    });
    for (const args of [[ECHO], [GATEWAY_LIKE, String(PROXY_PORT)], [SIX]])
      await f.engine.exec(id, {
        cmd: ['bash', '-c', 'nohup perl -e "$0" "$@" >/dev/null 2>&1 &', ...args],
        user: USER,
      });
  }, 120_000);

  afterAll(() => ports?.dispose());

  it('lists the server with its name cleaned of control characters, not the gateway port', async () => {
    await expect
      .poll(async () => (await ports.list(session)).map((p) => p.port), { timeout: 20_000 })
      .toContain(3000);
    const listed = await ports.list(session);
    expect(listed.map((p) => p.port)).not.toContain(PROXY_PORT);
    const name = listed.find((p) => p.port === 3000)?.process ?? '';
    expect(name).toMatch(/^echo\[31m/);
    // eslint-disable-next-line no-control-regex -- what must not reach the UI
    expect(name).not.toMatch(/[\u0000-\u001f\u007f]/);
  });

  it('a half-closing client gets its 2 MB back intact, two clients at once', async () => {
    const fwd = await ports.forward(session, 3000);
    const a = randomBytes(2 * 1024 * 1024);
    const b = randomBytes(300_000);
    const [ra, rb] = await Promise.all([roundTrip(fwd.hostPort, a), roundTrip(fwd.hostPort, b)]);
    expect(ra.length).toBe(a.length);
    expect(ra.equals(a)).toBe(true);
    expect(rb.equals(b)).toBe(true);
  }, 60_000);

  it('forwards a server bound to ::1 only, when the container has IPv6', async () => {
    const v6 = await f.engine.exec(session.containerId!, { cmd: ['cat', '/proc/net/if_inet6'] });
    if (!v6.stdout.toString().includes('00000000000000000000000000000001')) return; // no IPv6 here
    await expect
      .poll(async () => (await ports.list(session)).map((p) => p.port), { timeout: 20_000 })
      .toContain(3002);
    const fwd = await ports.forward(session, 3002);
    expect((await roundTrip(fwd.hostPort, Buffer.alloc(0))).toString()).toBe('six');
  });

  it("forwards a server bound to the container's own address only, on a real network", async () => {
    // The fixture's podman containers have the engine's default network; docker's have none.
    const id = await f.running('ports-eth', {
      security: { capDrop: ['ALL'], capAdd: [], noNewPrivileges: true },
    });
    const ip = (await f.engine.exec(id, { cmd: ['hostname', '-I'] })).stdout.toString().trim();
    const v4 = ip.split(/\s+/).find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a));
    if (!v4) return; // no network here
    await f.engine.exec(id, {
      cmd: ['bash', '-c', 'nohup perl -e "$0" "$@" >/dev/null 2>&1 &', ETH, v4],
      user: USER,
    });
    const other = { ...session, id: 'cccccccccccc', containerId: id };
    await expect
      .poll(async () => (await ports.list(other)).map((p) => p.port), { timeout: 20_000 })
      .toContain(3003);
    const fwd = await ports.forward(other, 3003);
    expect((await roundTrip(fwd.hostPort, Buffer.alloc(0))).toString()).toBe('eth');
    await ports.close(other.id);
  });

  it('a connection to a port nothing listens on ends and is reported', async () => {
    const fwd = await ports.forward(session, 3999);
    expect((await roundTrip(fwd.hostPort, Buffer.from('hello'))).length).toBe(0);
    await expect.poll(() => errors.find((e) => e.port === 3999)?.message).toMatch(/3999/);
    await ports.close(session.id, 3999);
  });

  it('a session stopped while its forward starts leaves no listener', async () => {
    const starting = ports.forward(session, 3000 + 1);
    ports.closeSession(session.id);
    await expect(starting).rejects.toMatchObject({ code: 'ports-unavailable' });
    expect((await ports.list(session)).some((p) => p.hostPort !== undefined)).toBe(false);
    // Still usable afterwards.
    const fwd = await ports.forward(session, 3000);
    expect((await roundTrip(fwd.hostPort, Buffer.from('again'))).toString()).toBe('again');
  });
});
