/**
 * commit-latency: how long a commit made in the container takes to be on the host branch
 * (container clock at `git commit` end → host clock at commitImported; same machine, same
 * clock), over N commits spaced at random so they hit every phase of the watcher's tick; and
 * what an idle session costs: CPU of this host process and of the container watcher per
 * minute while nothing happens (next to this process's own idle cost without a session, measured
 * first). ratio = p95 latency / the 1 s budget (below 1 is in budget).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar-stream';
import { CommitService } from '../src/main/commits';
import { EventBus } from '../src/main/events';
import { commitBundle, commitWatch } from '../src/main/kit/commit-watch';
import type { Engine } from '../src/main/engine/types';
import type { SessionInfo } from '../src/shared/schemas/session';
import { withBenchContainer } from './lib/container';
import { round, summarize } from './lib/stats';
import type { Bench } from './lib/types';

const USER = '1000:1000';
const ENV = {
  HOME: '/tmp',
  GIT_AUTHOR_NAME: 'B',
  GIT_AUTHOR_EMAIL: 'b@x',
  GIT_COMMITTER_NAME: 'B',
  GIT_COMMITTER_EMAIL: 'b@x',
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function kitTar(): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: 'opt/ccr/bin', type: 'directory', mode: 0o755 });
  for (const f of [commitWatch, commitBundle])
    pack.entry({ name: f.path.slice(1), mode: f.mode }, f.content);
  pack.finalize();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    pack.on('data', (c: unknown) => {
      chunks.push(c as Buffer);
    });
    pack.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

async function run(
  engine: Engine,
  id: string,
  cmd: string[],
  user?: string,
  workdir = '/workspace',
): Promise<string> {
  const r = await engine.exec(id, {
    cmd,
    ...(user ? { user } : {}),
    workdir,
    env: ENV,
  });
  if (r.exitCode !== 0) throw new Error(`${cmd.join(' ')} failed: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

/** utime+stime (clock ticks) of the container's commit-watch processes. */
async function watcherTicks(engine: Engine, id: string): Promise<number> {
  const script =
    'for p in /proc/[0-9]*; do if grep -q commit-watch "$p/cmdline" 2>/dev/null; then cut -d" " -f14,15 "$p/stat"; fi; done';
  const out = await run(engine, id, ['bash', '-c', script]);
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .reduce((n, l) => n + l.split(' ').reduce((a, b) => a + Number(b), 0), 0);
}

const bench: Bench = async (ctx) => {
  const commits = ctx.iterations ?? 60;
  const idleSeconds = 20;
  const branch = 'claude/bench';
  const repo = mkdtempSync(join(tmpdir(), 'ccr-bench-repo-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'README'), 'bench\n');
  git('add', '.');
  git('-c', 'user.name=B', '-c', 'user.email=b@x', 'commit', '-q', '-m', 'base');
  const base = git('rev-parse', 'HEAD');
  git('branch', branch);
  try {
    return await withBenchContainer(ctx.engine, 'commit-latency', async (engine, id) => {
      await engine.putArchive(id, '/', await kitTar());
      await run(
        engine,
        id,
        ['install', '-d', '-o', '1000', '-g', '1000', '/workspace'],
        undefined,
        '/',
      );
      await engine.putArchive(
        id,
        '/workspace',
        execFileSync('tar', ['-C', repo, '--owner=1000', '--group=1000', '-c', '.']),
      );
      await run(engine, id, ['git', 'checkout', '-q', branch], USER);
      const bus = new EventBus();
      const service = new CommitService({ bus, engineFor: async () => engine });
      const imported = new Map<string, number>();
      const waiters = new Map<string, () => void>();
      bus.subscribe((name, p) => {
        if (name === 'commitError') ctx.log(`commitError ${JSON.stringify(p)}`);
        if (name !== 'commitImported') return;
        const at = performance.timeOrigin + performance.now();
        for (const c of (p as { commits: string[] }).commits) {
          imported.set(c, at);
          waiters.get(c)?.();
        }
      });
      const now = new Date().toISOString();
      const session: SessionInfo = {
        schemaVersion: 1,
        id: `bench-${ctx.engine.name}`,
        name: 'bench',
        folder: repo,
        branch,
        baseCommit: base,
        engine: { address: ctx.engine.address, kind: ctx.engine.name },
        containerId: id,
        containerName: 'bench',
        image: 'bench',
        containerUser: USER,
        status: 'running',
        createdAt: now,
        updatedAt: now,
      };
      // What this process costs idle without any session, to read the figure below against.
      const base0 = process.cpuUsage();
      await sleep(idleSeconds * 1000);
      const baseCpu = process.cpuUsage(base0);
      await service.onSessionStatus(session);
      await sleep(500);
      try {
        ctx.log(`${commits} commits, 0–400 ms apart`);
        /** One commit in the container; ms until it was imported on the host. */
        const commitOnce = async (i: number): Promise<number> => {
          const out = await run(
            engine,
            id,
            [
              'bash',
              '-ec',
              'echo "$1" > n.txt; git add n.txt; git commit -q -m "c $1"; echo "$(git rev-parse HEAD) $(date +%s%N)"',
              'x',
              String(i),
            ],
            USER,
          );
          const [hash, ns] = out.trim().split(' ') as [string, string];
          const madeAt = Number(BigInt(ns) / 1000n) / 1000;
          if (!imported.has(hash)) {
            await new Promise<void>((resolve, reject) => {
              const t = setTimeout(
                () => reject(new Error(`commit ${i} not imported within 10 s`)),
                10_000,
              );
              waiters.set(hash, () => {
                clearTimeout(t);
                resolve();
              });
            });
          }
          return imported.get(hash)! - madeAt;
        };
        const latencies: number[] = [];
        for (let i = 0; i < commits; i++) {
          latencies.push(await commitOnce(i));
          await sleep(Math.random() * 400);
        }
        const s = summarize(latencies);
        ctx.log(
          `latency p50 ${round(s.p50)} ms, p95 ${round(s.p95)} ms; now ${idleSeconds} s idle`,
        );
        const hz = Number((await run(engine, id, ['getconf', 'CLK_TCK'])).trim()) || 100;
        const ticks0 = await watcherTicks(engine, id);
        const cpu0 = process.cpuUsage();
        await sleep(idleSeconds * 1000);
        const cpu = process.cpuUsage(cpu0);
        const ticks = (await watcherTicks(engine, id)) - ticks0;
        const perMinute = 60 / idleSeconds;
        // The watcher reads less often once idle: the first commit after a pause.
        const afterIdle = await commitOnce(commits);
        return {
          commits_n: latencies.length,
          p50_ms: round(s.p50),
          p95_ms: round(s.p95),
          mean_ms: round(s.mean),
          max_ms: round(Math.max(...latencies)),
          after_idle_ms: round(afterIdle),
          idle_host_cpu_per_min_ms: round(((cpu.user + cpu.system) / 1000) * perMinute),
          idle_host_baseline_cpu_per_min_ms: round(
            ((baseCpu.user + baseCpu.system) / 1000) * perMinute,
          ),
          idle_container_cpu_per_min_ms: round((ticks / hz) * 1000 * perMinute),
          ratio: round(s.p95 / 1000, 3),
        };
      } finally {
        service.dispose();
      }
    });
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
};

export default bench;
