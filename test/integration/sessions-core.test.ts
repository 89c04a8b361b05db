/**
 * The app's own wiring, end to end: createCore (engine discovery from DOCKER_HOST, config
 * loader, image, credentials, the terminals service as the agent launcher), a session started
 * through the contract handlers, the agent's output arriving as terminal output events.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core';
import { connectEngineAt } from '../../src/main/engine';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { describeEachEngine } from '../helpers/engines';
import { makeFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo';
import { FIXTURE_DOCKERFILE, SESSION_TEST_IMAGE } from '../helpers/session-harness';

const ctx = { transport: 'local' as const, signal: new AbortController().signal };

describeEachEngine('sessions through the core', (te) => {
  let core: Core;
  let repo: FixtureRepo;
  let tmp: string;
  let session: SessionInfo | undefined;
  const output: string[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ccr-core-sessions-'));
    repo = makeFixtureRepo();
    // Same version as the other session suites: the fixture image is reused, not rebuilt.
    core = await createCore({
      dataDir: join(tmp, 'data'),
      mode: 'web',
      version: '0.0.0-test',
      env: { PATH: process.env.PATH, DOCKER_HOST: te.address },
      homeDir: tmp,
    });
    core.bus.subscribe((name, payload) => {
      if (name === 'terminalOutput') output.push((payload as { data: string }).data);
    });
  }, 600_000);

  afterAll(async () => {
    await core?.dispose();
    if (session?.containerId) {
      const engine = await connectEngineAt(te.address);
      await engine.removeContainer(session.containerId, { force: true }).catch(() => undefined);
    }
    repo?.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('starts a session whose agent runs in a terminal of the terminals service', async () => {
    const configPath = join(tmp, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        dockerImage: SESSION_TEST_IMAGE,
        dockerfile: FIXTURE_DOCKERFILE,
        network: te.name === 'docker' ? 'none' : 'default',
        agent: { command: ['scripted-agent'] },
      }),
    );
    session = await core.handlers.startSession({ folder: repo.dir, configPath }, ctx);
    expect(session.status).toBe('running');
    const listed = await core.handlers.listSessions({}, ctx);
    expect(listed.sessions.map((s) => s.id)).toContain(session.id);
    const terms = await core.handlers.listTerminals({ sessionId: session.id }, ctx);
    expect(terms.terminals.some((t) => t.role === 'agent')).toBe(true);
    const agent = terms.terminals.find((t) => t.role === 'agent')!;
    // What a viewer attaching now sees: the agent's output, then the shell agent-run leaves.
    const screen = async () =>
      (await core.handlers.attachTerminal({ terminalId: agent.id, viewerId: 'test-viewer' }, ctx))
        .serialized + output.join('');
    await expect.poll(screen, { timeout: 20_000 }).toContain('scripted-agent done');
    expect(await screen()).toContain('user=agent');

    const stopped = await core.handlers.stopSession({ id: session.id }, ctx);
    expect(stopped.status).toBe('stopped');
    const removed = await core.handlers.removeSession({ id: session.id }, ctx);
    expect(removed.status).toBe('gone');
    session = undefined;
  });
});
