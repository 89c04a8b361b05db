/**
 * The egress gateway's cost: curl in a network-less container downloads a 200 MB file from a
 * server on this machine through the gateway, against the same download by curl in a
 * container on the host's network (the fastest network an engine gives; Docker here has no
 * default bridge). Also: the time a new connection adds (50 small requests each way, p95 of
 * curl's time_total), and the app's memory while 50 downloads stream through at once.
 *
 * ratio = gateway MB/s ÷ direct MB/s (goal ≥ 0.5 and ≥ 50 MB/s).
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectEngineAt } from '../src/main/engine';
import { sessionLabels } from '../src/main/engine/labels';
import type { Engine } from '../src/main/engine/types';
import { Gateway } from '../src/main/network/gateway/gateway';
import { proxyEnv } from '../src/main/network/gateway/proxy-env';
import { BENCH_LABEL } from './lib/container';
import { BENCH_BASE_IMAGE } from './lib/engines';
import { percentile, round } from './lib/stats';
import type { Bench } from './lib/types';

const MB = 1024 * 1024;
const BLOCK = Buffer.alloc(MB, 7);

function sendMb(res: ServerResponse, mb: number): void {
  res.writeHead(200, { 'Content-Length': String(mb * MB) });
  let left = mb;
  const pump = () => {
    while (left > 0) {
      left--;
      if (!res.write(BLOCK)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

async function container(engine: Engine, name: string, network: string): Promise<string> {
  const id = await engine.createContainer({
    name: `ccr-bench-egress-${name}-${process.pid}`,
    image: BENCH_BASE_IMAGE,
    labels: {
      ...sessionLabels({ sessionId: 'bench-egress', repo: '', branch: '' }),
      [BENCH_LABEL]: 'egress',
    },
    env: {},
    cmd: ['sleep', 'infinity'],
    init: true,
    network,
    security: { capDrop: ['ALL'], capAdd: [], noNewPrivileges: true },
  });
  await engine.startContainer(id);
  return id;
}

const bench: Bench = async (ctx) => {
  const sizeMb = 200;
  const server = createServer((req, res) => {
    const m = /^\/(\d+)$/.exec(req.url ?? '');
    if (m) return sendMb(res, Number(m[1]));
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const engine = await connectEngineAt(ctx.engine.address, { source: 'bench' });
  const ids: string[] = [];
  let gw: Gateway | undefined;
  try {
    const gated = await container(engine, 'gated', 'none');
    ids.push(gated);
    const direct = await container(engine, 'direct', 'host');
    ids.push(direct);
    gw = await Gateway.start({
      engine,
      containerId: gated,
      user: '65534:65534',
      decide: () => 'allow',
      resolve: async () => ({ address: '127.0.0.1', explicit: true }),
      onDenied: () => undefined,
    });
    const curl = async (id: string, env: Record<string, string>, args: string[]) => {
      const r = await engine.exec(id, { cmd: ['curl', '-sS', ...args], user: '65534:65534', env });
      if (r.exitCode !== 0) throw new Error(`curl failed: ${r.stderr.toString()}`);
      return r.stdout.toString();
    };
    const viaGateway = (path: string, extra: string[] = []) =>
      curl(gated, proxyEnv(), [...extra, `http://bench.test:${port}${path}`]);
    const viaHost = (path: string, extra: string[] = []) =>
      curl(direct, {}, [...extra, `http://127.0.0.1:${port}${path}`]);
    const speed = ['-o', '/dev/null', '-w', '%{speed_download}'];

    const rounds = ctx.iterations ?? 3;
    ctx.log(`${rounds} downloads of ${sizeMb} MB each way, alternating`);
    await viaGateway('/8', speed);
    await viaHost('/8', speed);
    const g: number[] = [];
    const d: number[] = [];
    for (let i = 0; i < rounds; i++) {
      g.push(Number(await viaGateway(`/${sizeMb}`, speed)) / MB);
      d.push(Number(await viaHost(`/${sizeMb}`, speed)) / MB);
    }

    ctx.log('50 new connections each way');
    const loop = (url: string) => [
      'bash',
      '-c',
      'for i in $(seq 50); do curl -sS -o /dev/null -w "%{time_total}\\n" "$0"; done',
      url,
    ];
    const times = async (id: string, env: Record<string, string>, url: string) => {
      const r = await engine.exec(id, { cmd: loop(url), user: '65534:65534', env });
      return r.stdout
        .toString()
        .trim()
        .split('\n')
        .map((t) => Number(t) * 1000)
        .sort((a, b) => a - b);
    };
    const tg = await times(gated, proxyEnv(), `http://bench.test:${port}/ok`);
    const td = await times(direct, {}, `http://127.0.0.1:${port}/ok`);

    ctx.log('memory while 50 downloads of 20 MB stream at once');
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const par = await engine.exec(gated, {
      cmd: [
        'bash',
        '-c',
        'for i in $(seq 50); do curl -sS -o /dev/null -w "%{size_download}\\n" "$0" & done; wait',
        `http://bench.test:${port}/20`,
      ],
      user: '65534:65534',
      env: proxyEnv(),
    });
    clearInterval(sampler);
    const sizes = par.stdout.toString().trim().split('\n').map(Number);
    if (sizes.length !== 50 || sizes.some((s) => s !== 20 * MB))
      throw new Error(`parallel downloads came back short: ${sizes.join(',')}`);

    const gMed = [...g].sort((a, b) => a - b)[Math.floor(g.length / 2)]!;
    const dMed = [...d].sort((a, b) => a - b)[Math.floor(d.length / 2)]!;
    return {
      size_mb: sizeMb,
      gateway_mb_per_s: round(gMed),
      direct_mb_per_s: round(dMed),
      new_connection_gateway_p95_ms: round(percentile(tg, 95)),
      new_connection_direct_p95_ms: round(percentile(td, 95)),
      added_latency_p95_ms: round(percentile(tg, 95) - percentile(td, 95)),
      rss_growth_50_streams_mb: round((peak - before) / MB),
      ratio: round(gMed / dMed, 3),
    };
  } finally {
    gw?.stop();
    for (const id of ids) await engine.removeContainer(id, { force: true }).catch(() => undefined);
    server.close();
  }
};

export default bench;
