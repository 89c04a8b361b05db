/**
 * `claude-run web` stops on SIGTERM (exit 0, not cut off as hung) even while it is busy: a running session, an
 * agent terminal and an extra shell open, viewers attached over several WebSocket connections.
 * The real launcher (`node bin/claude-run.js web`, after `npm run build`) is spawned and its
 * exit is awaited by polling; the containers keep running (they belong to the sessions).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connectEngineAt } from '../../src/main/engine';
import { LABELS } from '../../src/main/engine/labels';
import { describeEachEngine } from '../helpers/engines';
import { type WsCaller, openWsCaller } from './web-caller';
import { FIXTURE_DOCKERFILE } from '../helpers/session-harness';

const ROOT = resolve(__dirname, '../..');
/**
 * Only a guard against a test that never ends: the product itself cuts a stop that makes no
 * progress for 5 s (and exits 130), so exit 0 is the assertion that it did not hang; how fast
 * a stop is belongs in a bench, not in a timed test on a busy machine.
 */
const GIVE_UP_MS = 60_000;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describeEachEngine('claude-run web and SIGTERM', (te) => {
  let dir: string;
  let repo: string;
  let child: ChildProcess | undefined;
  let output = '';
  const callers: WsCaller[] = [];
  let sessionId: string | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ccr-sigterm-'));
    repo = join(dir, 'repo');
    await mkdir(repo);
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args]);
    git('init', '-q', '-b', 'main');
    await writeFile(join(repo, 'README.md'), '# sigterm\n');
    git('add', '-A');
    git('-c', 'user.name=T', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'i');
    const configDir = join(dir, '.config', 'claude-code-runner');
    await mkdir(configDir, { recursive: true });
    await writeFile(
      join(configDir, 'config.json'),
      JSON.stringify({
        dockerImage: 'ccr-test-session:latest',
        dockerfile: FIXTURE_DOCKERFILE,
        network: 'none',
        agent: { command: ['sh', '-c', 'echo agent-ready; exec sleep 3600'] },
      }),
    );
  }, 60_000);

  afterAll(async () => {
    for (const c of callers) c.close();
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (sessionId) {
      const e = await connectEngineAt(te.address);
      for (const c of await e.listContainers({ [LABELS.session]: sessionId }, { all: true }))
        await e.removeContainer(c.id, { force: true }).catch(() => undefined);
    }
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('exits within 2 s with a session, terminals and connections open', async () => {
    const port = await freePort();
    child = spawn(
      process.execPath,
      [join(ROOT, 'bin/claude-run.js'), 'web', '--no-open', '--port', String(port)],
      {
        cwd: repo,
        env: {
          ...process.env,
          DOCKER_HOST: te.address,
          CCR_DATA_DIR: join(dir, 'data'),
          XDG_CONFIG_HOME: join(dir, '.config'),
          HOME: dir,
          BROWSER: 'none',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    let link: string | undefined;
    for (let i = 0; i < 600 && !link; i++) {
      link = /Open: (http:\/\/\S+)/.exec(output)?.[1];
      if (!link) await new Promise((r) => setTimeout(r, 50));
    }
    expect(link, output).toBeDefined();

    const main = await openWsCaller(link!, WebSocket);
    callers.push(main);
    const session = await main.call<{ id: string; status: string }>(
      'startSession',
      { folder: repo, name: 'claude/sigterm' },
      300_000,
    );
    sessionId = session.id;
    expect(session.status).toBe('running');
    const shell = await main.call<{ id: string }>('openTerminal', {
      sessionId: session.id,
      kind: 'container',
      cols: 80,
      rows: 24,
    });
    const { terminals } = await main.call<{ terminals: { id: string }[] }>('listTerminals', {
      sessionId: session.id,
    });
    // Several viewers on every terminal, each over its own connection, plus calls in flight.
    for (let v = 0; v < 3; v++) {
      const viewer = await main.another();
      callers.push(viewer);
      for (const t of terminals)
        await viewer.call('attachTerminal', { terminalId: t.id, viewerId: `v${v}` });
      await viewer.call('writeTerminal', { terminalId: shell.id, data: 'sleep 100\r' });
      void viewer.call('getSessionDiff', { sessionId: session.id }, 60_000).catch(() => {});
    }

    const sent = Date.now();
    child.kill('SIGTERM');
    while (child.exitCode === null && child.signalCode === null && Date.now() - sent < GIVE_UP_MS)
      await new Promise((r) => setTimeout(r, 20));
    expect(child.exitCode, `${output}\n(stopped in ${Date.now() - sent} ms)`).toBe(0);
    // The session's container outlives the web server.
    const e = await connectEngineAt(te.address);
    const [container] = await e.listContainers({ [LABELS.session]: session.id }, { all: false });
    expect(container).toBeDefined();
  }, 400_000);
});
