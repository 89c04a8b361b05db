/**
 * Processes sharing one data dir, as the desktop app, `claude-run` and web mode do, each a real
 * child process with its own session core on a real engine:
 * - the process that owns a session is killed -9 between two commits; a new process on the same
 *   data dir brings the second commit home (its watcher starts though no record changed);
 * - two processes start, stop and list sessions side by side: each sees the other's sessions
 *   and changes live, exactly one of them imports a session's commits, and after both restart
 *   nothing is lost;
 * - a session one process is still starting is neither marked interrupted by the other's
 *   reconcile nor by its own.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { cleanCommand } from '../../src/cli/commands/clean';
import { CliContext } from '../../src/cli/commands/context';
import { runCommand } from '../../src/cli/commands/run';
import { connectEngineAt } from '../../src/main/engine';
import { LABELS } from '../../src/main/engine/labels';
import type { Engine } from '../../src/main/engine/types';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { describeEachEngine } from '../helpers/engines';
import { FIXTURE_DOCKERFILE, SESSION_TEST_IMAGE } from '../helpers/session-harness';
import { Capture } from './cli-fixture';
import { CoreProcess, pollListed } from './core-process';

const IDENT = '-c user.name=Agent -c user.email=agent@example.invalid';
/** Commits "first", waits for /tmp/go-<n> files to commit "second" and "third". */
const AGENT = [
  `git ${IDENT} commit -q --allow-empty -m first`,
  'while [ ! -f /tmp/go-2 ]; do sleep 0.2; done',
  `echo two > two.txt && git add two.txt && git ${IDENT} commit -q -m second`,
  'while [ ! -f /tmp/go-3 ]; do sleep 0.2; done',
  `echo three > three.txt && git add three.txt && git ${IDENT} commit -q -m third`,
  'exec sleep 3600',
].join('; ');

function hostGit(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();
}

describeEachEngine('processes sharing a data dir', (te) => {
  let tmp: string;
  let engine: Engine;
  let configPath: string;
  const procs: CoreProcess[] = [];
  const repos: string[] = [];

  const proc = (dataDir: string) => {
    const p = new CoreProcess(dataDir, join(tmp, 'home'), te.address);
    procs.push(p);
    return p;
  };
  const repo = () => {
    const dir = mkdtempSync(join(tmp, 'repo-'));
    hostGit(dir, 'init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'README.md'), '# shared\n');
    hostGit(dir, 'add', '-A');
    hostGit(dir, '-c', 'user.name=U', '-c', 'user.email=u@example.invalid', 'commit', '-qm', 'i');
    repos.push(dir);
    return dir;
  };
  const subjects = (dir: string, branch: string) => {
    try {
      return hostGit(dir, 'log', '--format=%s', `refs/heads/${branch}`).split('\n');
    } catch {
      return [];
    }
  };
  const go = async (s: SessionInfo, n: number) => {
    await engine.exec(s.containerId!, { cmd: ['touch', `/tmp/go-${n}`] });
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ccr-processes-'));
    engine = await connectEngineAt(te.address);
    configPath = join(tmp, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        dockerImage: SESSION_TEST_IMAGE,
        dockerfile: FIXTURE_DOCKERFILE,
        network: 'none',
        agent: { command: ['sh', '-c', AGENT] },
      }),
    );
  }, 60_000);

  afterAll(async () => {
    for (const p of procs) await p.kill9().catch(() => undefined);
    for (const dir of repos) {
      for (const c of await engine.listContainers({ [LABELS.repo]: dir }, { all: true }))
        await engine.removeContainer(c.id, { force: true }).catch(() => undefined);
    }
    rmSync(tmp, { recursive: true, force: true });
  }, 120_000);

  it('a process killed -9 between two commits: the next process brings the second home', async () => {
    const dataDir = join(tmp, 'data-restart');
    const dir = repo();
    const first = proc(dataDir);
    const s = await first.call('startSession', { folder: dir, configPath });
    expect(s.status).toBe('running');
    await expect.poll(() => subjects(dir, s.branch)[0], { timeout: 90_000 }).toBe('first');
    await first.kill9();

    const second = proc(dataDir);
    await pollListed(second, (list) => list.some((x) => x.id === s.id && x.status === 'running'));
    await go(s, 2);
    // The record did not change, so no status event starts the watcher: the load must.
    await expect.poll(() => subjects(dir, s.branch)[0], { timeout: 90_000 }).toBe('second');
    await expect.poll(() => second.events.some((e) => e.event === 'commitImported')).toBe(true);
    await second.exit();
  }, 240_000);

  it('two processes side by side see each other, import once, and lose nothing on restart', async () => {
    const dataDir = join(tmp, 'data-shared');
    const [dirA, dirB] = [repo(), repo()];
    const a = proc(dataDir);
    const b = proc(dataDir);
    const [sa, sb] = await Promise.all([
      a.call('startSession', { folder: dirA, configPath }),
      b.call('startSession', { folder: dirB, configPath }),
    ]);
    // Each process lists both, and announced the other's session as running.
    for (const p of [a, b]) {
      await pollListed(p, (list) => [sa.id, sb.id].every((id) => list.some((x) => x.id === id)));
      await expect.poll(() => p.statusOf(p === a ? sb.id : sa.id)).toBe('running');
    }
    // Both sessions' commits come home, each through exactly one process.
    await go(sa, 2);
    await go(sb, 2);
    const why = () =>
      JSON.stringify([a, b].map((p) => p.events.filter((e) => e.event !== 'sessionStatus')));
    await expect
      .poll(() => subjects(dirA, sa.branch)[0], { timeout: 90_000, message: why() })
      .toBe('second');
    await expect
      .poll(() => subjects(dirB, sb.branch)[0], { timeout: 90_000, message: why() })
      .toBe('second');
    const importsOf = (sid: string) =>
      [a, b].filter((p) =>
        p.events.some((e) => e.event === 'commitImported' && e.payload.sessionId === sid),
      ).length;
    await expect.poll(() => importsOf(sa.id)).toBe(1);
    await expect.poll(() => importsOf(sb.id)).toBe(1);
    expect(importsOf(sa.id)).toBe(1);
    expect(importsOf(sb.id)).toBe(1);

    // A stop in one process shows in the other without a reload.
    await b.call('stopSession', { id: sa.id });
    await expect.poll(() => a.statusOf(sa.id), { timeout: 10_000 }).toBe('stopped');
    await a.call('restartSession', { id: sa.id });
    await expect.poll(() => b.statusOf(sa.id), { timeout: 10_000 }).toBe('running');

    // Both restart; nothing is lost, and the commits still come home.
    await a.exit();
    await b.exit();
    const a2 = proc(dataDir);
    const b2 = proc(dataDir);
    for (const p of [a2, b2])
      await pollListed(p, (list) =>
        [sa.id, sb.id].every((id) => list.some((x) => x.id === id && x.status === 'running')),
      );
    await go(sb, 3);
    await expect.poll(() => subjects(dirB, sb.branch)[0], { timeout: 90_000 }).toBe('third');
    await a2.exit();
    await b2.exit();
  }, 300_000);

  it("a session still starting in one process is left alone by the other's reconcile", async () => {
    const dataDir = join(tmp, 'data-starting');
    const dir = repo();
    const slow = join(tmp, 'slow-config.json');
    writeFileSync(
      slow,
      JSON.stringify({
        dockerImage: SESSION_TEST_IMAGE,
        dockerfile: FIXTURE_DOCKERFILE,
        network: 'none',
        setupCommands: ['sleep 5'],
        agent: { command: ['sh', '-c', 'exec sleep 3600'] },
      }),
    );
    const a = proc(dataDir);
    const b = proc(dataDir);
    await b.ready;
    const started = a.call('startSession', { folder: dir, configPath: slow });
    // While the setup runs, the other process (and this one) reconcile again and again.
    await expect
      .poll(
        () => b.events.some((e) => e.event === 'sessionStatus' && e.payload.status === 'starting'),
        {
          timeout: 60_000,
        },
      )
      .toBe(true);
    // `claude-run clean` run meanwhile on the same data dir leaves the start alone.
    const out = new Capture();
    const env = { PATH: process.env.PATH, HOME: join(tmp, 'home'), DOCKER_HOST: te.address };
    const clean = await runCommand(
      new CliContext({
        io: {
          stdout: out,
          stderr: out,
          stdin: Readable.from(['']),
          // Scoped to this test's repository: other suites' stopped containers on the shared
          // engine are not this test's to clean (the start's own container carries the label).
          env: {
            ...env,
            CCR_DATA_DIR: dataDir,
            NO_COLOR: '1',
            CCR_SCOPE_LABEL: `${LABELS.repo}=${dir}`,
          },
          cwd: dir,
        },
        version: '0.0.0-test',
        homeDir: join(tmp, 'home'),
      }),
      (ctx) => cleanCommand(ctx, {}),
    );
    expect(clean).toBe(0);
    expect(out.text).not.toMatch(/Removed/);
    const during: string[] = [];
    while (!a.events.some((e) => e.event === 'sessionStatus' && e.payload.status === 'running')) {
      for (const p of [a, b])
        during.push(...(await p.call('listSessions', {})).sessions.map((x) => x.status));
      await new Promise((r) => setTimeout(r, 300));
    }
    const s = await started;
    expect(s.status).toBe('running');
    expect(during).not.toContain('failed');
    await expect.poll(() => b.statusOf(s.id), { timeout: 10_000 }).toBe('running');
    // A start whose process died is interrupted, as before.
    await a.exit();
    await b.exit();
  }, 240_000);
});
