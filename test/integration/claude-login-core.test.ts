/**
 * Login sync as the app runs it (createCore): only the process elected for the data dir keeps
 * logins in step; a session started through the core shows up in getLoginSync in step with
 * the host, and a refresh inside it reaches the host file. A second process on the same data
 * dir reports that another one syncs, with that one's rows.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core';
import { connectEngineAt } from '../../src/main/engine';
import type { Engine } from '../../src/main/engine/types';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { TEST_BASE_IMAGE, describeEachEngine } from '../helpers/engines';
import { makeFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo';
import { claudeJsonText, loginText } from '../helpers/login-fixture';

const ctx = { transport: 'local' as const, signal: new AbortController().signal };
const T0 = Date.now() + 3_600_000;

describeEachEngine('login sync in the core', (te) => {
  let tmp: string;
  let repo: FixtureRepo;
  let engine: Engine;
  let core: Core;
  let second: Core | null = null;
  let session: SessionInfo | null = null;
  let hostFile: string;

  const makeCore = () =>
    createCore({
      dataDir: join(tmp, 'data'),
      mode: 'web',
      version: '0.0.0-test',
      env: { PATH: process.env.PATH, DOCKER_HOST: te.address },
      homeDir: tmp,
    });

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ccr-login-core-'));
    mkdirSync(join(tmp, '.claude'));
    hostFile = join(tmp, '.claude', '.credentials.json');
    writeFileSync(hostFile, loginText('tok-core-0', T0), { mode: 0o600 });
    writeFileSync(join(tmp, '.claude.json'), claudeJsonText('uuid-core'));
    repo = makeFixtureRepo();
    engine = await connectEngineAt(te.address);
    core = await makeCore();
  }, 120_000);

  afterAll(async () => {
    await second?.dispose();
    await core?.dispose();
    if (session?.containerId)
      await engine.removeContainer(session.containerId, { force: true }).catch(() => undefined);
    repo?.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('the elected process follows a session started through the core', async () => {
    const configPath = join(tmp, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        dockerImage: TEST_BASE_IMAGE,
        buildImage: false,
        network: 'none',
        agent: { command: ['sleep', 'infinity'] },
      }),
    );
    session = await core.handlers.startSession({ folder: repo.dir, configPath }, ctx);
    expect(session.status).toBe('running');
    await expect
      .poll(
        async () => {
          const r = await core.handlers.getLoginSync({}, ctx);
          return r.active ? r.sessions.find((x) => x.sessionId === session!.id)?.state : 'inactive';
        },
        { timeout: 20_000 },
      )
      .toBe('in-step');
    const r = await core.handlers.getLoginSync({}, ctx);
    expect(r.host).toMatchObject({ store: 'file', source: hostFile, account: 'ada@example.com' });
  });

  it("a refresh inside the session reaches the host's file", async () => {
    const refreshed = loginText('tok-core-refreshed', T0 + 3_600_000);
    const w = await engine.exec(session!.containerId!, {
      cmd: ['bash', '-c', 'cat > ~/.claude/.credentials.json'],
      ...(session!.containerUser ? { user: session!.containerUser } : {}),
      stdin: Buffer.from(refreshed),
    });
    expect(w.exitCode).toBe(0);
    await expect.poll(() => readFileSync(hostFile, 'utf8'), { timeout: 5000 }).toBe(refreshed);
  });

  it('a second process on the same data dir leaves it to the first', async () => {
    second = await makeCore();
    const r = await second.handlers.getLoginSync({}, ctx);
    expect(r.active).toBe(false);
    // The rows are the syncing process's, shared through the data dir.
    expect(r.sessions.map((x) => x.sessionId)).toEqual([session!.id]);
    // 'pulled', or 'in-step' once its file was read again after the pull.
    expect(['pulled', 'in-step']).toContain(r.sessions[0]!.state);
    expect(r.sessions[0]!.expiresAt).toBe(new Date(T0 + 3_600_000).toISOString());
    expect(r.host.account).toBe('ada@example.com');
    expect((await core.handlers.getLoginSync({}, ctx)).active).toBe(true);
  });
});
