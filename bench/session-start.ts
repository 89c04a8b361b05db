/**
 * Session start on a generated repo of 10,000 files (~100 MB of text, committed and packed as a
 * cloned repo is) against a baseline of the engine's plain operations in the same run: create a
 * container, copy the same tree in as a tar, start it. The app's start does more on top (repo
 * checks, config, image check, snapshot listing, history, user lookup, index rebuild); the
 * ratio says what that costs. Session and baseline runs alternate.
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  lstatSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pack } from 'tar-stream';
import type { Readable } from 'node:stream';
import { loadConfig } from '../src/main/config/load';
import { connectEngineAt } from '../src/main/engine';
import type { Engine } from '../src/main/engine/types';
import { LABELS, sessionLabels } from '../src/main/engine/labels';
import { EventBus } from '../src/main/events';
import { ensureImage } from '../src/main/image/ensure-image';
import { SessionManager } from '../src/main/sessions/manager';
import { compare, round } from './lib/stats';
import type { Bench } from './lib/types';

const FILES = 10_000;
const FILE_BYTES = 10_000;
const IMAGE = 'ccr-test-session:latest';
const DOCKERFILE = join(__dirname, '..', 'test', 'fixtures', 'session-image', 'Dockerfile');

/** Text-like content (words from a small vocabulary) so git compresses it as it would code. */
function makeRepo(dir: string): void {
  // xorshift32: deterministic and well spread (a float LCG falls into a short cycle, which made
  // every file alike and the repo's pack unrealistically small).
  let x = 0x9e3779b9;
  const rnd = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const words = Array.from(
    { length: 4096 },
    (_, i) => `w${i.toString(36)}${'xyzq'.slice(0, i % 4)}`,
  );
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, `pkg${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(sub, { recursive: true });
    let s = '';
    while (s.length < FILE_BYTES)
      s += `${words[Math.floor(rnd() * words.length)]}${rnd() < 0.1 ? '\n' : ' '}`;
    writeFileSync(join(sub, `file${i}.txt`), s.slice(0, FILE_BYTES));
  }
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'gc.auto=0', ...args],
      {
        cwd: dir,
        stdio: 'ignore',
      },
    );
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'generated');
  git('gc', '-q');
}

/** The baseline's tar: the same work tree, walked plainly (no git). */
function treeTar(root: string): Readable {
  const p = pack();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === '.git') continue;
      const abs = join(dir, name);
      const st = lstatSync(abs);
      const rel = `workspace/${relative(root, abs)}`;
      if (st.isDirectory()) {
        p.entry({ name: rel, type: 'directory', mode: 0o755, uid: 1000, gid: 1000 });
        walk(abs);
      } else p.entry({ name: rel, mode: 0o644, uid: 1000, gid: 1000 }, readFileSync(abs));
    }
  };
  p.entry({ name: 'workspace', type: 'directory', mode: 0o755, uid: 1000, gid: 1000 });
  walk(root);
  p.finalize();
  return p as unknown as Readable;
}

async function baseline(engine: Engine, repo: string, network: string, n: number): Promise<void> {
  const id = await engine.createContainer({
    name: `ccr-bench-baseline-${process.pid}-${n}`,
    image: IMAGE,
    labels: sessionLabels({ sessionId: `bench-baseline-${n}`, repo, branch: '' }),
    env: {},
    entrypoint: ['sleep'],
    cmd: ['infinity'],
    init: true,
    network,
  });
  await engine.putArchive(id, '/', treeTar(repo));
  await engine.startContainer(id);
}

const bench: Bench = async (ctx) => {
  const iterations = ctx.iterations ?? 3;
  const engine = await connectEngineAt(ctx.engine.address, { source: 'bench' });
  const network = ctx.engine.name === 'docker' ? 'none' : 'default';
  const tmp = mkdtempSync(join(tmpdir(), 'ccr-bench-session-'));
  const repo = join(tmp, 'repo');
  const home = join(tmp, 'home');
  mkdirSync(repo);
  mkdirSync(home);
  const configPath = join(home, 'config.json');
  writeFileSync(
    configPath,
    JSON.stringify({ dockerImage: IMAGE, dockerfile: DOCKERFILE, network, autoStartClaude: false }),
  );
  const manager = new SessionManager({
    bus: new EventBus(),
    dataDir: join(tmp, 'data'),
    appVersion: '0.0.0-bench',
    env: { PATH: process.env.PATH },
    homeDir: home,
    platform: process.platform,
    getEngine: async () => engine,
    engineAt: async () => engine,
    loadConfig: (o) => loadConfig(o),
    ensureImage: (e, o) => ensureImage(e, { ...o, buildNetwork: 'host' }),
    launcher: null,
  });
  const made: string[] = [];
  try {
    ctx.log(`generating ${FILES} files of ${FILE_BYTES} bytes`);
    makeRepo(repo);
    await manager.init();
    let s = 0;
    let b = 0;
    const app = async () => {
      const info = await manager.start({ folder: repo, configPath, name: `bench/run-${s++}` });
      made.push(info.containerId!);
    };
    const base = () => baseline(engine, repo, network, b++);
    ctx.log(
      `${iterations} session starts and ${iterations} baselines, alternating, after one warm-up each`,
    );
    const r = await compare(app, base, { iterations, warmup: 1 });
    return {
      files_count: FILES,
      tree_mb: round((FILES * FILE_BYTES) / 1e6, 1),
      iterations_count: iterations,
      session_p50_ms: round(r.app.p50),
      session_min_ms: round(r.app.min),
      baseline_p50_ms: round(r.baseline.p50),
      baseline_min_ms: round(r.baseline.min),
      ratio: round(r.app.p50 / r.baseline.p50, 3),
    };
  } finally {
    const bench = await engine
      .listContainers({ [LABELS.repo]: repo }, { all: true })
      .catch(() => []);
    for (const c of bench)
      await engine.removeContainer(c.id, { force: true }).catch(() => undefined);
    for (const id of made) await engine.removeContainer(id, { force: true }).catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
};

export default bench;
