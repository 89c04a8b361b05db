/**
 * Sessions as lasting objects on real engines: refused names, a failing setup command, many
 * sessions at once, a new manager (app restart) reattaching, stop/restart/remove, and records
 * surviving an unreachable engine.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { describeEachEngine } from '../helpers/engines';
import { git, makeFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo';
import { makeHarness, type Harness } from '../helpers/session-harness';

describeEachEngine('sessions: lifecycle', (te) => {
  let h: Harness;
  let repo: FixtureRepo;
  let configPath: string;

  beforeAll(async () => {
    h = await makeHarness(te.address);
    repo = makeFixtureRepo();
    configPath = h.config({ agent: { command: ['scripted-agent'] } });
  }, 600_000);

  afterAll(async () => {
    await h?.cleanup();
    repo?.cleanup();
  });

  it('refuses option-like and invalid branch names before making anything', async () => {
    const m = h.manager();
    await m.init();
    for (const name of ['-x', '--exec=evil', 'a..b', 'has space']) {
      await expect(m.start({ folder: repo.dir, configPath, name })).rejects.toMatchObject({
        code: 'invalid-branch-name',
      });
    }
    git(repo.dir, 'branch', 'taken');
    await expect(m.start({ folder: repo.dir, configPath, name: 'taken' })).rejects.toMatchObject({
      code: 'branch-exists',
    });
    expect(m.list().sessions).toEqual([]);
  });

  it('stops at the first failing setup command, names it, and keeps the session for inspection', async () => {
    const m = h.manager();
    await m.init();
    const failing = h.config({ setupCommands: ['echo before-fail', 'exit 3', 'echo never-runs'] });
    const err = await m
      .start({ folder: repo.dir, configPath: failing, name: 'claude/setup-fails' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'setup-command-failed' });
    expect((err as Error).message).toContain('"exit 3"');
    expect((err as Error).message).toContain('code 3');
    const s = m.list().sessions.find((x) => x.branch === 'claude/setup-fails')!;
    expect(s.status).toBe('failed');
    expect(s.error?.code).toBe('setup-command-failed');
    expect(await h.engine.inspectContainer(s.containerId!)).not.toBeNull();
    const logs = h.events
      .filter(
        (e) => e.name === 'sessionLog' && (e.payload as { sessionId: string }).sessionId === s.id,
      )
      .map((e) => (e.payload as { text: string }).text)
      .join('');
    expect(logs).toContain('before-fail');
    expect(logs).not.toContain('never-runs');
  });

  it('runs several sessions at once; a new manager over the same data dir reattaches them', async () => {
    // Both unnamed, in the same second: the second gets the -2 suffix instead of an error.
    const m = h.manager({ now: () => new Date(2030, 0, 2, 3, 4, 5) });
    await m.init();
    const [a, b] = await Promise.all([
      m.start({ folder: repo.dir, configPath }),
      m.start({ folder: repo.dir, configPath }),
    ]);
    expect([a.branch, b.branch].sort()).toEqual([
      'claude/2030-01-02-030405',
      'claude/2030-01-02-030405-2',
    ]);
    expect([a.status, b.status]).toEqual(['running', 'running']);
    expect(a.containerId).not.toBe(b.containerId);

    const restarted = h.manager();
    await restarted.init();
    expect(restarted.get(a.id).status).toBe('running');
    expect(restarted.get(b.id).status).toBe('running');

    await h.launcher.waitFor(a.id, 'scripted-agent done');
    const stopped = await restarted.stop(a.id);
    expect(stopped.status).toBe('stopped');
    const third = h.manager();
    await third.init();
    expect(third.get(a.id).status).toBe('stopped');
    const again = await third.restart(a.id);
    expect(again.status).toBe('running');
    expect((await h.engine.inspectContainer(a.containerId!))!.running).toBe(true);
    // The agent was relaunched in the restarted container.
    await expect
      .poll(() => (h.launcher.output.get(a.id) ?? '').split('scripted-agent done').length - 1, {
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(2);
    // The workspace survived the restart.
    const r = await h.engine.exec(a.containerId!, {
      cmd: ['git', 'rev-parse', '--abbrev-ref', 'HEAD'],
      workdir: '/workspace',
      user: a.containerUser,
    });
    expect(r.stdout.toString().trim()).toBe(a.branch);

    const removed = await third.remove(b.id);
    expect(removed.status).toBe('gone');
    expect(await h.engine.inspectContainer(b.containerId!)).toBeNull();
    expect(() => third.get(b.id)).toThrow(/no session/);
    expect(git(repo.dir, 'branch', '--list').includes('2030')).toBe(false); // nothing made on the host
    const statuses = h.events
      .filter((e) => e.name === 'sessionStatus')
      .map((e) => (e.payload as SessionInfo).status);
    expect(statuses).toEqual(expect.arrayContaining(['starting', 'running', 'stopped', 'gone']));
  });

  it('runs a root-only image as root with IS_SANDBOX=1 and only the minimal root capabilities', async () => {
    const m = h.manager();
    await m.init();
    const asRoot = h.config({ containerUser: 'root', agent: { command: ['scripted-agent'] } });
    const s = await m.start({ folder: repo.dir, configPath: asRoot, name: 'claude/as-root' });
    expect(s.containerUser).toBe('root');
    const out = await h.launcher.waitFor(s.id, 'scripted-agent done');
    expect(out).toMatch(/scripted-agent uid=0 user=root pwd=\/workspace/);
    const state = (await h.engine.inspectContainer(s.containerId!))!;
    expect(state.raw.Config.Env).toContain('IS_SANDBOX=1');
    // Inside: exactly CHOWN(0) DAC_OVERRIDE(1) FOWNER(3) FSETID(4) KILL(5) SETGID(6) SETUID(7).
    const caps = await h.engine.exec(s.containerId!, {
      cmd: ['grep', 'CapEff', '/proc/self/status'],
    });
    expect(caps.stdout.toString()).toMatch(/CapEff:\s+0+fb$/m);
    const r = await h.engine.exec(s.containerId!, {
      cmd: ['grep', 'NoNewPrivs', '/proc/self/status'],
    });
    expect(r.stdout.toString()).toMatch(/NoNewPrivs:\s+1/);
  });

  it('sets a corrupt store aside, reports it, and recovers live sessions from container labels', async () => {
    const m = h.manager();
    await m.init();
    const s = await m.start({ folder: repo.dir, configPath, name: 'claude/survivor' });
    const file = join(h.dataDir, 'sessions', 'sessions.json');
    writeFileSync(file, '{"schemaVersion": 1, "sessions": [tru');
    const fresh = h.manager();
    const { storeProblem } = await fresh.init();
    expect(storeProblem?.message).toMatch(/not valid JSON/);
    expect(readFileSync(storeProblem!.movedTo, 'utf8')).toContain('"sessions"');
    expect(fresh.list().storeProblem).toEqual(storeProblem);
    expect(h.events.some((e) => e.name === 'sessionStoreProblem')).toBe(true);
    expect(fresh.get(s.id)).toMatchObject({
      status: 'running',
      branch: 'claude/survivor',
      folder: repo.dir,
      containerId: s.containerId,
    });
  });

  it('removing a session while it starts stops the start and leaves no container behind', async () => {
    const m = h.manager();
    await m.init();
    let removal: Promise<unknown> | undefined;
    const unsubscribe = h.bus.subscribe((name, payload) => {
      const p = payload as SessionInfo;
      if (
        name === 'sessionStatus' &&
        p.branch === 'claude/removed-early' &&
        p.status === 'starting' &&
        !removal
      ) {
        removal = m.remove(p.id);
      }
    });
    const start = m.start({ folder: repo.dir, configPath, name: 'claude/removed-early' });
    await expect(start).rejects.toMatchObject({ code: 'session-removed' });
    unsubscribe();
    await removal;
    expect(m.list().sessions.some((x) => x.branch === 'claude/removed-early')).toBe(false);
    const left = await h.engine.listContainers(
      { 'dev.claude-code-runner.branch': 'claude/removed-early' },
      { all: true },
    );
    expect(left).toEqual([]);
  });

  it('gives a second repo started in the same second its own container name', async () => {
    const other = makeFixtureRepo();
    try {
      const m = h.manager({ now: () => new Date(2031, 5, 6, 7, 8, 9) });
      await m.init();
      const a = await m.start({ folder: repo.dir, configPath });
      const b = await m.start({ folder: other.dir, configPath });
      expect(a.branch).toBe(b.branch);
      expect(a.containerName).toBe('claude-code-runner-claude-2031-06-06-070809');
      expect(b.containerName).toBe(
        `claude-code-runner-claude-2031-06-06-070809-${b.id.slice(0, 6)}`,
      );
      expect(b.status).toBe('running');
    } finally {
      other.cleanup();
    }
  });

  it('marks a vanished container gone, and keeps every record when the engine is unreachable', async () => {
    const m = h.manager();
    await m.init();
    const s = await m.start({ folder: repo.dir, configPath, name: 'claude/vanishing' });
    await h.engine.removeContainer(s.containerId!, { force: true });

    const offline = h.manager({
      engineAt: async () => {
        throw Object.assign(new Error('connect ENOENT /nowhere.sock'), {
          code: 'engine-unreachable',
        });
      },
    });
    await offline.init();
    const before = m.list().sessions.length;
    expect(offline.list().sessions).toHaveLength(before);
    expect(
      offline.list().sessions.every((x) => x.status === 'unknown' || x.status === 'gone'),
    ).toBe(true);
    expect(offline.get(s.id).status).toBe('unknown');
    const onDisk = JSON.parse(
      readFileSync(join(h.dataDir, 'sessions', 'sessions.json'), 'utf8'),
    ) as { sessions: unknown[] };
    expect(onDisk.sessions).toHaveLength(before);

    const online = h.manager();
    await online.init();
    expect(online.get(s.id).status).toBe('gone');
  });
});
