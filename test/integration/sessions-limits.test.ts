/**
 * Limits reach the real container: a repository's file lowers them without trust, cannot raise
 * them without it (the user's limit applies on "start without them"), and a disk limit the
 * engine's storage driver cannot enforce stops the start with an error that names the setting.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core';
import { connectEngineAt } from '../../src/main/engine';
import { isAppError } from '../../src/shared/errors';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { describeEachEngine } from '../helpers/engines';
import { makeFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo';
import { FIXTURE_DOCKERFILE, SESSION_TEST_IMAGE } from '../helpers/session-harness';

const ctx = { transport: 'local' as const, signal: new AbortController().signal };
const MiB = 1024 ** 2;

describeEachEngine('session limits in the container', (te) => {
  let core: Core;
  let repo: FixtureRepo;
  let tmp: string;
  const sessions: SessionInfo[] = [];

  const userConfig = (extra: object) => {
    const dir = join(tmp, '.config', 'claude-code-runner');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        dockerImage: SESSION_TEST_IMAGE,
        dockerfile: FIXTURE_DOCKERFILE,
        network: te.name === 'docker' ? 'none' : 'default',
        agent: { command: ['scripted-agent'] },
        ...extra,
      }),
    );
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ccr-limits-'));
    repo = makeFixtureRepo();
    // Same version as the other session suites: the fixture image is reused, not rebuilt.
    core = await createCore({
      dataDir: join(tmp, 'data'),
      mode: 'web',
      version: '0.0.0-test',
      env: { PATH: process.env.PATH, DOCKER_HOST: te.address },
      homeDir: tmp,
    });
  }, 600_000);

  afterAll(async () => {
    await core?.dispose();
    const engine = await connectEngineAt(te.address);
    for (const s of sessions) {
      if (s.containerId)
        await engine.removeContainer(s.containerId, { force: true }).catch(() => undefined);
    }
    repo?.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('lowered limits apply without trust; a raised one keeps the user’s limit', async () => {
    userConfig({ resources: { memory: '1g', cpus: 2, pids: 1024 } });
    writeFileSync(
      join(repo.dir, 'claude-run.config.json'),
      JSON.stringify({ resources: { memory: '512m', cpus: 1, pids: 60000 } }),
    );
    // Only the raised limit waits, and the question names it.
    const check = await core.handlers.checkProjectConfig({ folder: repo.dir }, ctx);
    expect(check.untrusted?.settings).toEqual([
      { key: 'resources.pids', why: 'raises the process limit above yours (1024)', value: '60000' },
    ]);
    const session = await core.handlers.startSession(
      { folder: repo.dir, projectConfig: 'ignore' },
      ctx,
    );
    sessions.push(session);
    expect(session.status).toBe('running');
    const engine = await connectEngineAt(te.address);
    const hc = (await engine.inspectContainer(session.containerId!))!.raw.HostConfig;
    expect(hc.Memory).toBe(512 * MiB);
    expect(hc.NanoCpus).toBe(1e9);
    expect(hc.PidsLimit).toBe(1024);
    await core.handlers.stopSession({ id: session.id }, ctx);
    await core.handlers.removeSession({ id: session.id }, ctx);
  }, 180_000);

  it('resources.disk is applied where the storage driver can, else the start fails naming it', async () => {
    rmSync(join(repo.dir, 'claude-run.config.json'), { force: true });
    userConfig({ resources: { disk: '1g' } });
    const running = async () =>
      (await core.handlers.listSessions({}, ctx)).sessions
        .filter((s) => s.status === 'running')
        .map((s) => s.id);
    const before = await running();
    const started = await core.handlers.startSession({ folder: repo.dir }, ctx).then(
      (s) => ({ s }),
      (e: unknown) => ({ e }),
    );
    if ('s' in started) {
      // A driver with quotas (xfs + pquota, btrfs, zfs): the limit is on the container.
      sessions.push(started.s);
      const engine = await connectEngineAt(te.address);
      const hc = (await engine.inspectContainer(started.s.containerId!))!.raw.HostConfig;
      expect(hc.StorageOpt).toEqual({ size: String(1024 * MiB) });
      return;
    }
    const e = started.e;
    expect(isAppError(e) && e.code).toBe('disk-limit-unsupported');
    const message = (e as Error).message;
    expect(message).toMatch(
      new RegExp(
        `^resources\\.disk is set, but this ${te.name} engine cannot limit a container's disk: `,
      ),
    );
    expect(message).toMatch(/xfs|pquota|storage/i);
    expect((e as { hint?: string }).hint).toMatch(/remove resources\.disk/);
    // Nothing is left running without the limit the user asked for.
    expect(await running()).toEqual(before);
  }, 180_000);
});
