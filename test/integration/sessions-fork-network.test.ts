/**
 * A fork through the core, as the app runs it: it starts at the source's imported tip with
 * the source's network (its allowlist plus the hosts allowed for that session), and its own
 * gateway serves it; an engine-network source gives its fork the same engine network.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core';
import { connectEngineAt } from '../../src/main/engine';
import type { Engine } from '../../src/main/engine/types';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { TEST_BASE_IMAGE, describeEachEngine } from '../helpers/engines';
import { makeFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo';

const ctx = { transport: 'local' as const, signal: new AbortController().signal };

describeEachEngine('fork: network and tip through the core', (te) => {
  let tmp: string;
  let repo: FixtureRepo;
  let engine: Engine;
  let core: Core;
  let configPath: string;
  const sessions: SessionInfo[] = [];

  /** The agent's commit as the import brings it home: the session branch in the user's repo. */
  const imported = (branch: string) => {
    const git = (...a: string[]) =>
      execFileSync('git', ['-c', 'user.name=A', '-c', 'user.email=a@x.invalid', ...a], {
        cwd: repo.dir,
        encoding: 'utf8',
      }).trim();
    const tip = git(
      'commit-tree',
      '-p',
      'HEAD',
      '-m',
      'agent work',
      git('rev-parse', 'HEAD^{tree}'),
    );
    git('update-ref', `refs/heads/${branch}`, tip);
    return tip;
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ccr-fork-net-'));
    repo = makeFixtureRepo();
    engine = await connectEngineAt(te.address);
    core = await createCore({
      dataDir: join(tmp, 'data'),
      mode: 'web',
      version: '0.0.0-test',
      env: { PATH: process.env.PATH, DOCKER_HOST: te.address },
      homeDir: tmp,
    });
    configPath = join(tmp, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        dockerImage: TEST_BASE_IMAGE,
        buildImage: false,
        network: 'none',
        agent: { command: ['sleep', 'infinity'] },
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await core?.dispose();
    for (const s of sessions)
      if (s.containerId)
        await engine.removeContainer(s.containerId, { force: true }).catch(() => undefined);
    repo?.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('an allowlist session forks with its allowlist and its session-allowed hosts', async () => {
    const s = await core.handlers.startSession(
      {
        folder: repo.dir,
        configPath,
        name: 'claude/net-src',
        network: { egress: 'allowlist', allow: ['allowed.test'], presets: [] },
      },
      ctx,
    );
    sessions.push(s);
    await core.handlers.allowHost(
      { sessionId: s.id, pattern: 'extra.test:8443', scope: 'session' },
      ctx,
    );
    const tip = imported(s.branch);
    const fork = await core.handlers.forkSession({ id: s.id, name: 'claude/net-fork' }, ctx);
    sessions.push(fork);
    expect(fork).toMatchObject({ status: 'running', baseCommit: tip, branch: 'claude/net-fork' });
    const state = await core.handlers.getNetworkState({ sessionId: fork.id }, ctx);
    expect(state.policy).toEqual({
      egress: 'allowlist',
      allow: ['allowed.test', 'extra.test:8443'],
      presets: [],
    });
    expect(state.gateway).toBe('serving');
    const inspect = await engine.docker.getContainer(fork.containerId!).inspect();
    expect(inspect.HostConfig.NetworkMode).toBe('none');
  });

  it('an engine-network session forks onto the same engine network', async () => {
    const s = await core.handlers.startSession(
      { folder: repo.dir, configPath, name: 'claude/none-src' },
      ctx,
    );
    sessions.push(s);
    imported(s.branch);
    const fork = await core.handlers.forkSession({ id: s.id }, ctx);
    sessions.push(fork);
    expect((await core.handlers.getNetworkState({ sessionId: fork.id }, ctx)).policy).toBe('none');
    const inspect = await engine.docker.getContainer(fork.containerId!).inspect();
    expect(inspect.HostConfig.NetworkMode).toBe('none');
  });
});
