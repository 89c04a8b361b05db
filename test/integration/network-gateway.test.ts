/**
 * The egress gateway on a real engine: a container with network "none" reaches, through the
 * forwarder and the app, only the hosts the policy allows. HTTP and HTTPS servers run on this
 * machine; the test's resolver maps the names allowed.test / denied.test to them. The clients
 * are curl and git run as an unprivileged user in the container, configured only by the
 * proxy environment the sessions set.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttp, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { networkInterfaces, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { connect as tcpConnect, createServer as createTcp, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DeniedAttempt } from '../../src/shared/schemas/network';
import { Gateway } from '../../src/main/network/gateway/gateway';
import { proxyEnv } from '../../src/main/network/gateway/proxy-env';
import { upstreamFromEnv } from '../../src/main/network/gateway/upstream';
import { describeEachEngine } from '../helpers/engines';
import { engineFixture } from './engine-fixture';

const USER = '65534:65534';
const BIG = Buffer.alloc(3 * 1024 * 1024, 0);
for (let i = 0; i < BIG.length; i += 4096) BIG.writeUInt32BE(i, i);
const BIG_SHA = createHash('sha256').update(BIG).digest('hex');

function makeCert(dir: string): { key: Buffer; cert: Buffer } {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=allowed.test',
      '-addext',
      'subjectAltName=DNS:allowed.test,DNS:denied.test',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

/** A bare repository served over git's dumb HTTP protocol (plain files). */
function makeRepo(dir: string): string {
  const work = join(dir, 'work');
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd });
  execFileSync('git', ['init', '-q', '-b', 'main', work]);
  writeFileSync(join(work, 'README'), 'served through the gateway\n');
  git(work, 'add', 'README');
  git(work, 'commit', '-qm', 'first');
  const bare = join(dir, 'repo.git');
  execFileSync('git', ['clone', '-q', '--bare', work, bare]);
  git(bare, 'update-server-info');
  return bare;
}

function hostAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

describeEachEngine('network gateway', (te) => {
  const f = engineFixture(te);
  const dir = mkdtempSync(join(tmpdir(), 'ccr-gw-'));
  let https: Server;
  let http: Server;
  let httpsPort = 0;
  let httpPort = 0;
  let container = '';
  let gateway: Gateway;
  const allowed = new Set<string>();
  const denied: DeniedAttempt[] = [];

  const run = (cmd: string[], env: Record<string, string> = {}) =>
    f.engine.exec(container, { cmd, user: USER, env: { ...proxyEnv(), ...env } });

  beforeAll(async () => {
    const tls = makeCert(dir);
    const bare = makeRepo(dir);
    const serve = (req: { url?: string }, res: ServerResponse) => {
      const url = req.url ?? '/';
      if (url === '/hello') return res.end('hello over the gateway\n');
      if (url === '/big') return res.end(BIG);
      if (url.startsWith('/repo.git/')) {
        try {
          const body = readFileSync(join(bare, url.slice('/repo.git/'.length).split('?')[0]!));
          res.setHeader('Content-Type', extname(url) ? 'application/octet-stream' : 'text/plain');
          return res.end(body);
        } catch {
          res.statusCode = 404;
          return res.end();
        }
      }
      res.statusCode = 404;
      res.end();
    };
    https = createHttps({ key: tls.key, cert: tls.cert }, serve);
    http = createHttp(serve);
    await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    httpsPort = (https.address() as AddressInfo).port;
    httpPort = (http.address() as AddressInfo).port;
    allowed.add(`allowed.test:${httpsPort}`).add(`allowed.test:${httpPort}`);

    container = await f.running('gw', {
      network: 'none',
      security: { capDrop: ['ALL'], capAdd: [], noNewPrivileges: true },
    });
    await f.engine.exec(container, { cmd: ['tee', '/tmp/ca.pem'], stdin: tls.cert });
    gateway = await Gateway.start({
      engine: f.engine,
      containerId: container,
      user: USER,
      decide: (host, port) => (allowed.has(`${host}:${port}`) ? 'allow' : 'not-allowed'),
      resolve: async (host) => {
        if (host === 'allowed.test' || host === 'denied.test')
          return { address: '127.0.0.1', explicit: true };
        throw new Error('unknown host');
      },
      onDenied: (a) => denied.push(a),
    });
  }, 120_000);

  afterAll(async () => {
    gateway?.stop();
    https?.close();
    http?.close();
  });

  it('lets curl reach an allowed host over https and plain http, as an unprivileged user', async () => {
    const tls = await run([
      'curl',
      '-sS',
      '--cacert',
      '/tmp/ca.pem',
      `https://allowed.test:${httpsPort}/hello`,
    ]);
    expect(tls.stderr.toString()).toBe('');
    expect(tls.stdout.toString()).toBe('hello over the gateway\n');
    const plain = await run(['curl', '-sS', `http://allowed.test:${httpPort}/hello`]);
    expect(plain.stdout.toString()).toBe('hello over the gateway\n');
  });

  it('lets git clone over https from an allowed host', async () => {
    const r = await run(
      ['git', 'clone', '-q', `https://allowed.test:${httpsPort}/repo.git`, '/tmp/cloned'],
      { GIT_SSL_CAINFO: '/tmp/ca.pem', HOME: '/tmp' },
    );
    expect(r.stderr.toString()).toBe('');
    expect(r.exitCode).toBe(0);
    const readme = await run(['cat', '/tmp/cloned/README']);
    expect(readme.stdout.toString()).toBe('served through the gateway\n');
  });

  it('refuses a host off the list, logs who tried, and lets it through once allowed', async () => {
    const url = `https://denied.test:${httpsPort}/hello`;
    const r = await run(['curl', '-sS', '--cacert', '/tmp/ca.pem', url]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr.toString()).toMatch(/403/);
    await expect.poll(() => denied.find((d) => d.host === 'denied.test')).toBeDefined();
    const d = denied.find((x) => x.host === 'denied.test')!;
    expect(d).toMatchObject({ port: httpsPort, reason: 'not-allowed' });
    expect(d.process).toMatch(/^curl \(pid \d+\)$/);
    allowed.add(`denied.test:${httpsPort}`);
    const again = await run(['curl', '-sS', '--cacert', '/tmp/ca.pem', url]);
    expect(again.stdout.toString()).toBe('hello over the gateway\n');
  });

  it('has no route around the gateway and no DNS', async () => {
    const ip = hostAddress();
    if (ip) {
      const raw = await run(['bash', '-c', `exec 3<>/dev/tcp/${ip}/${httpPort}`]);
      expect(raw.exitCode).not.toBe(0);
    }
    const direct = await run([
      'curl',
      '-sS',
      '--noproxy',
      '*',
      '--max-time',
      '5',
      `http://${ip ?? '1.1.1.1'}:${httpPort}/hello`,
    ]);
    expect(direct.exitCode).not.toBe(0);
    const dns = await run(['getent', 'hosts', 'deb.debian.org']);
    expect(dns.exitCode).not.toBe(0);
    expect(dns.stdout.toString()).toBe('');
  });

  it('carries parallel downloads intact with bounded windows', async () => {
    const r = await run([
      'bash',
      '-c',
      'for i in 1 2 3 4 5 6; do curl -sS --cacert /tmp/ca.pem "$0" | sha256sum & done; wait',
      `https://allowed.test:${httpsPort}/big`,
    ]);
    const sums = r.stdout
      .toString()
      .trim()
      .split('\n')
      .map((l) => l.split(' ')[0]);
    expect(sums).toEqual(Array(6).fill(BIG_SHA));
  });

  it('is served by one gateway at a time; another takes over when it ends', async () => {
    const second = Gateway.start({
      engine: f.engine,
      containerId: container,
      user: USER,
      decide: () => 'allow',
      resolve: async () => ({ address: '127.0.0.1', explicit: true }),
      onDenied: () => undefined,
    });
    await expect(second).rejects.toMatchObject({ code: 'network-gateway-busy' });
    gateway.stop();
    // The old forwarder exits when its exec's input closes; the port frees soon after.
    let next: Gateway | undefined;
    for (let i = 0; i < 100 && !next; i++) {
      next = await Gateway.start({
        engine: f.engine,
        containerId: container,
        user: USER,
        decide: (host, port) => (allowed.has(`${host}:${port}`) ? 'allow' : 'not-allowed'),
        resolve: async () => ({ address: '127.0.0.1', explicit: true }),
        onDenied: () => undefined,
      }).catch((e: { code?: string }) => {
        if (e.code !== 'network-gateway-busy') throw e;
        return new Promise<undefined>((r) => setTimeout(() => r(undefined), 100));
      });
    }
    expect(next).toBeDefined();
    gateway = next!;
    const r = await run(['curl', '-sS', `http://allowed.test:${httpPort}/hello`]);
    expect(r.stdout.toString()).toBe('hello over the gateway\n');
  }, 60_000);

  it("goes out through this computer's own proxy when its environment names one", async () => {
    // A company proxy stand-in: CONNECT only, resolving the test names itself.
    const tunnels: string[] = [];
    const proxy = createTcp((sock) => {
      sock.once('data', (d: Buffer) => {
        const m = /^CONNECT (\S+):(\d+) HTTP\/1\.1\r\n/.exec(d.toString('latin1'));
        if (!m) return sock.end('HTTP/1.1 400 Bad Request\r\n\r\n');
        tunnels.push(`${m[1]}:${m[2]}`);
        const up = tcpConnect(Number(m[2]), '127.0.0.1', () => {
          sock.write('HTTP/1.1 200 Connection established\r\n\r\n');
          sock.pipe(up).pipe(sock);
        });
        up.on('error', () => sock.destroy());
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyPort = (proxy.address() as AddressInfo).port;
    const upstream = upstreamFromEnv({ HTTPS_PROXY: `http://127.0.0.1:${proxyPort}` });
    const resolved: string[] = [];
    const viaProxy = await Gateway.start({
      engine: f.engine,
      containerId: container,
      user: USER,
      port: 13129,
      upstream,
      decide: (host, port) => (allowed.has(`${host}:${port}`) ? 'allow' : 'not-allowed'),
      resolve: async (host) => {
        resolved.push(host);
        return { address: '127.0.0.1', explicit: true };
      },
      onDenied: () => undefined,
    });
    try {
      const r = await run(
        ['curl', '-sS', '--cacert', '/tmp/ca.pem', `https://allowed.test:${httpsPort}/hello`],
        proxyEnv(13129),
      );
      expect(r.stdout.toString()).toBe('hello over the gateway\n');
      expect(tunnels).toEqual([`allowed.test:${httpsPort}`]);
      expect(resolved).toEqual([]);
      const no = await run(['curl', '-sS', `http://denied.test:${httpPort}/`], proxyEnv(13129));
      expect(no.stdout.toString()).toContain('not on this session');
      expect(tunnels).toHaveLength(1);
    } finally {
      viaProxy.stop();
      proxy.close();
    }
  });

  it('refuses to run, saying why, in an image without perl (never an open network instead)', async () => {
    const bare = await f.running('noperl', {
      network: 'none',
      security: { capDrop: ['ALL'], capAdd: ['DAC_OVERRIDE', 'FOWNER'], noNewPrivileges: true },
    });
    const rm = await f.engine.exec(bare, { cmd: ['rm', '-f', '/usr/bin/perl'], user: '0' });
    expect(rm.exitCode).toBe(0);
    await expect(
      Gateway.start({
        engine: f.engine,
        containerId: bare,
        decide: () => 'allow',
        resolve: async () => ({ address: '127.0.0.1', explicit: true }),
        onDenied: () => undefined,
      }),
    ).rejects.toMatchObject({
      code: 'network-gateway-unavailable',
      message: expect.stringMatching(/needs perl/),
    });
  });
});
