/**
 * A session whose container has no login watcher (started by an older version of the app, so
 * its kit lacks claude-login): login sync says so, in the session's log and in
 * getLoginSync, instead of failing in silence or retrying loudly. Once per engine.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HostAccount } from '../../src/main/claude-login/host-account';
import { FileLoginStore } from '../../src/main/claude-login/host-store';
import { LoginSyncService } from '../../src/main/claude-login/service';
import { connectEngineAt } from '../../src/main/engine';
import type { Engine } from '../../src/main/engine/types';
import { EventBus } from '../../src/main/events';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { TEST_BASE_IMAGE, describeEachEngine } from '../helpers/engines';
import { loginText } from '../helpers/login-fixture';

describeEachEngine('login sync and a session without the watcher', (te) => {
  let engine: Engine;
  let containerId = '';
  let home = '';
  let service: LoginSyncService;
  const logs: string[] = [];

  beforeAll(async () => {
    engine = await connectEngineAt(te.address);
    home = mkdtempSync(join(tmpdir(), 'ccr-login-old-'));
    mkdirSync(join(home, '.claude'));
    writeFileSync(join(home, '.claude', '.credentials.json'), loginText('t', Date.now() + 3600e3));
    containerId = await engine.createContainer({
      name: `ccr-login-old-${Date.now()}`,
      image: TEST_BASE_IMAGE,
      labels: {},
      env: {},
      cmd: ['sleep', '300'],
      network: 'none',
    });
    await engine.startContainer(containerId);
    const bus = new EventBus();
    bus.subscribe((name, payload) => {
      if (name === 'sessionLog') logs.push((payload as { text: string }).text);
    });
    service = new LoginSyncService({
      bus,
      store: new FileLoginStore(join(home, '.claude', '.credentials.json')),
      hostAccount: new HostAccount([join(home, '.claude.json')]),
      engineFor: async () => engine,
    });
  }, 120_000);

  afterAll(async () => {
    await service?.dispose();
    if (containerId) await engine.removeContainer(containerId, { force: true }).catch(() => 0);
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('says its login is not kept in step, in its log and in the report', async () => {
    const now = new Date().toISOString();
    const session: SessionInfo = {
      schemaVersion: 1,
      id: 'old-session',
      name: 'old',
      folder: home,
      branch: 'claude/old',
      baseCommit: null,
      engine: { address: te.address, kind: te.name },
      containerId,
      containerName: 'old',
      image: TEST_BASE_IMAGE,
      containerUser: '',
      status: 'running',
      createdAt: now,
      updatedAt: now,
    };
    await service.setActive(true, [session]);
    await expect
      .poll(async () => (await service.report()).sessions[0]?.message ?? '', { timeout: 10_000 })
      .toContain('no login watcher');
    // Retried with a growing delay; the same line is not logged again.
    await expect.poll(() => logs.length, { timeout: 5000 }).toBe(1);
    expect(logs[0]).toContain('login sync: the session has no login watcher');
  });
});
