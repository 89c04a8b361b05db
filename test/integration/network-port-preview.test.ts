/**
 * Port preview on a real engine: a server the agent user starts on port 3000 in a container
 * without any network is listed with its process, and answers on the loopback port the app
 * forwards, for several connections at once; the port refuses connections once closed.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PortForwarder } from '../../src/main/network/ports';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { describeEachEngine } from '../helpers/engines';
import { engineFixture } from './engine-fixture';

const USER = '65534:65534';
const SIZE = 2 * 1024 * 1024;
const SERVER = String.raw`
use IO::Socket::INET;
my $s = IO::Socket::INET->new(LocalAddr => '0.0.0.0', LocalPort => 3000, Listen => 10, ReuseAddr => 1) or die "$!";
$0 = 'preview-srv';
while (my $c = $s->accept) {
  while (my $l = <$c>) { last if $l =~ /^\r?\n$/ }
  my $body = join('', map { sprintf('%07d', $_) } 0 .. ($ARGV[0] / 7 - 1));
  print $c "HTTP/1.1 200 OK\r\nContent-Length: " . length($body) . "\r\nConnection: close\r\n\r\n" . $body;
  close $c;
}`;

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString()));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describeEachEngine('port preview', (te) => {
  const f = engineFixture(te);
  let ports: PortForwarder;
  let session: SessionInfo;
  const body = Array.from({ length: Math.floor(SIZE / 7) }, (_, i) =>
    String(i).padStart(7, '0'),
  ).join('');

  beforeAll(async () => {
    const id = await f.running('ports', {
      network: 'none',
      security: { capDrop: ['ALL'], capAdd: [], noNewPrivileges: true },
    });
    session = {
      id: 'aaaaaaaaaaaa',
      containerId: id,
      containerUser: USER,
      status: 'running',
    } as SessionInfo;
    ports = new PortForwarder({ engineFor: async () => f.engine });
    await f.engine.exec(id, {
      cmd: ['bash', '-c', 'nohup perl -e "$0" "$1" >/dev/null 2>&1 &', SERVER, String(body.length)],
      user: USER,
    });
  }, 120_000);

  afterAll(() => ports?.dispose());

  it('lists the listening port with its process', async () => {
    await expect
      .poll(async () => (await ports.list(session)).find((p) => p.port === 3000), {
        timeout: 20_000,
      })
      .toMatchObject({ port: 3000, process: expect.stringMatching(/preview-srv|perl/) });
  });

  it('forwards a loopback port that answers, several connections at once', async () => {
    const fwd = await ports.forward(session, 3000);
    expect(fwd.url).toBe(`http://127.0.0.1:${fwd.hostPort}/`);
    expect(await ports.forward(session, 3000)).toEqual(fwd);
    const [a, b, c] = await Promise.all([get(fwd.hostPort), get(fwd.hostPort), get(fwd.hostPort)]);
    expect(a).toBe(body);
    expect(b).toBe(body);
    expect(c).toBe(body);
    expect((await ports.list(session)).find((p) => p.port === 3000)?.hostPort).toBe(fwd.hostPort);
  });

  it('refuses connections once the forward is closed', async () => {
    const fwd = await ports.forward(session, 3000);
    await ports.close(session.id, 3000);
    await expect(get(fwd.hostPort)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect((await ports.list(session)).find((p) => p.port === 3000)?.hostPort).toBeUndefined();
  });
});
