/**
 * exec round trip: `Engine.exec` (create, start, demux, wait for the exit code) against the
 * same steps written directly with dockerode, in the same container, alternating.
 */
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import { withBenchContainer } from './lib/container';
import { compare, round } from './lib/stats';
import type { Bench } from './lib/types';

async function plainDockerodeExec(
  docker: Dockerode,
  id: string,
  cmd: string[],
): Promise<{ exitCode: number; stdout: Buffer }> {
  const exec = await docker
    .getContainer(id)
    .exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  err.resume();
  docker.modem.demuxStream(stream, out, err);
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  let info = await exec.inspect();
  while (info.Running) {
    await new Promise((r) => setTimeout(r, 10));
    info = await exec.inspect();
  }
  return { exitCode: info.ExitCode ?? -1, stdout: Buffer.concat(chunks) };
}

const bench: Bench = async (ctx) => {
  const iterations = ctx.iterations ?? 40;
  const cmd = ['echo', 'ping'];
  return withBenchContainer(ctx.engine, 'engine-exec', async (engine, id) => {
    // Both paths must do the same work: check they answer alike before timing.
    const a = await engine.exec(id, { cmd });
    const b = await plainDockerodeExec(engine.docker, id, cmd);
    if (
      a.stdout.toString() !== 'ping\n' ||
      b.stdout.toString() !== 'ping\n' ||
      a.exitCode !== 0 ||
      b.exitCode !== 0
    ) {
      throw new Error(
        `paths disagree: app ${JSON.stringify(a.stdout.toString())}/${a.exitCode}, baseline ${JSON.stringify(b.stdout.toString())}/${b.exitCode}`,
      );
    }
    ctx.log(`${iterations} round trips each, alternating`);
    const r = await compare(
      () => engine.exec(id, { cmd }),
      () => plainDockerodeExec(engine.docker, id, cmd),
      { iterations, warmup: 3 },
    );
    // Output-heavy exec: 4 MiB through the demultiplexer on both paths.
    const bigCmd = ['sh', '-c', 'head -c 4194304 /dev/zero'];
    const bigA = await engine.exec(id, { cmd: bigCmd });
    const bigB = await plainDockerodeExec(engine.docker, id, bigCmd);
    if (bigA.stdout.length !== 4194304 || bigB.stdout.length !== 4194304) {
      throw new Error(
        `4 MiB exec lost bytes: app ${bigA.stdout.length}, baseline ${bigB.stdout.length}`,
      );
    }
    const big = await compare(
      () => engine.exec(id, { cmd: bigCmd }),
      () => plainDockerodeExec(engine.docker, id, bigCmd),
      { iterations: Math.max(4, Math.round(iterations / 4)), warmup: 1 },
    );
    return {
      iterations_count: iterations,
      big_4mib_app_p50_ms: round(big.app.p50),
      big_4mib_baseline_p50_ms: round(big.baseline.p50),
      app_p50_ms: round(r.app.p50),
      app_p95_ms: round(r.app.p95),
      app_mean_ms: round(r.app.mean),
      baseline_p50_ms: round(r.baseline.p50),
      baseline_p95_ms: round(r.baseline.p95),
      baseline_mean_ms: round(r.baseline.mean),
      ratio: round(r.app.p50 / r.baseline.p50, 3),
    };
  });
};

export default bench;
