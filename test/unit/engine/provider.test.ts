import { describe, expect, it, vi } from 'vitest';
import type { EngineStatus } from '../../../src/shared/schemas/engine';
import { EngineProvider } from '../../../src/main/engine/provider';
import { engineHandlers } from '../../../src/main/engine/handlers';
import { statusOf, unreachableStatus } from '../../../src/main/engine/discover';
import type { Engine } from '../../../src/main/engine/types';

function engineAt(address: string, alive: { ok: boolean }): Engine {
  const info = {
    kind: 'podman' as const,
    version: '4.3.1',
    apiVersion: '1.41',
    address,
    source: 'test',
    os: 'linux',
    arch: 'amd64',
    rootless: false,
  };
  return {
    info,
    ping: async () => {
      if (!alive.ok) throw new Error('gone');
    },
  } as unknown as Engine;
}

/** A discovery whose answer the test switches: engine up or down. */
function scripted() {
  const alive = { ok: true };
  let up = false;
  let calls = 0;
  const socketPaths: (string | undefined)[] = [];
  const discover = async (opts: { dockerSocketPath?: string | undefined }) => {
    calls++;
    socketPaths.push(opts.dockerSocketPath);
    if (!up)
      return {
        status: unreachableStatus([
          {
            source: 'docker socket',
            address: 'unix:///var/run/docker.sock',
            error: 'no socket there',
          },
        ]),
      };
    const engine = engineAt('unix:///run/podman/podman.sock', alive);
    return { engine, status: statusOf(engine, []) as EngineStatus };
  };
  return {
    alive,
    setUp: (v: boolean) => (up = v),
    calls: () => calls,
    socketPaths,
    discover: discover as never,
  };
}

describe('EngineProvider', () => {
  it('fails with what was tried, then finds the engine once it is started', async () => {
    const s = scripted();
    const seen: EngineStatus[] = [];
    const p = new EngineProvider({
      env: {},
      discover: s.discover,
      onStatusChange: (st) => seen.push(st),
    });
    await expect(p.get()).rejects.toMatchObject({
      code: 'engine-unreachable',
      message: expect.stringContaining(
        'unix:///var/run/docker.sock (docker socket: no socket there)',
      ),
      hint: expect.stringContaining('systemctl --user enable --now podman.socket'),
    });
    s.setUp(true);
    const e = await p.get();
    expect(e.info.address).toBe('unix:///run/podman/podman.sock');
    expect(seen.map((x) => x.reachable)).toEqual([false, true]);
  });

  it('caches the engine, and shares one discovery between concurrent callers', async () => {
    const s = scripted();
    s.setUp(true);
    const p = new EngineProvider({ env: {}, discover: s.discover });
    const [a, b] = await Promise.all([p.get(), p.get()]);
    expect(a).toBe(b);
    await p.get();
    expect(s.calls()).toBe(1);
  });

  it('status() notices an engine that stopped answering and says so once', async () => {
    const s = scripted();
    s.setUp(true);
    const seen: EngineStatus[] = [];
    const p = new EngineProvider({
      env: {},
      discover: s.discover,
      onStatusChange: (st) => seen.push(st),
    });
    expect((await p.status()).reachable).toBe(true);
    expect((await p.status()).reachable).toBe(true);
    s.alive.ok = false;
    s.setUp(false);
    expect((await p.status()).reachable).toBe(false);
    expect((await p.status()).reachable).toBe(false);
    expect(seen.map((x) => x.reachable)).toEqual([true, false]);
  });

  it('reads the configured socket path on every discovery', async () => {
    const s = scripted();
    let path = '/a.sock';
    const p = new EngineProvider({ env: {}, discover: s.discover, dockerSocketPath: () => path });
    await p.status();
    path = '/b.sock';
    await p.status();
    expect(s.socketPaths).toEqual(['/a.sock', '/b.sock']);
  });

  it("a project's socket is discovered and cached on its own, and does not change the app-wide status", async () => {
    const s = scripted();
    s.setUp(true);
    const seen: EngineStatus[] = [];
    const p = new EngineProvider({
      env: {},
      discover: s.discover,
      onStatusChange: (st) => seen.push(st),
    });
    await p.get();
    await p.get({ dockerSocketPath: '/project/engine.sock' });
    await p.get({ dockerSocketPath: '/project/engine.sock' });
    expect(s.socketPaths).toEqual([undefined, '/project/engine.sock']);
    expect(seen).toHaveLength(1);
    const handlers = engineHandlers({
      provider: p,
      socketPathFor: async (dir) => `${dir}/engine.sock`,
    });
    expect(
      await handlers.getEngineStatus(
        { projectDir: '/project' },
        { transport: 'local', signal: new AbortController().signal },
      ),
    ).toMatchObject({ reachable: true });
    expect(s.socketPaths).toEqual([undefined, '/project/engine.sock']);
  });

  it('watch() notices an engine going away and coming back without being asked', async () => {
    const s = scripted();
    s.setUp(true);
    const seen: boolean[] = [];
    const p = new EngineProvider({
      env: {},
      discover: s.discover,
      onStatusChange: (st) => seen.push(st.reachable),
    });
    const stop = p.watch(10);
    try {
      await vi.waitFor(() => expect(seen).toEqual([true]));
      s.alive.ok = false;
      s.setUp(false);
      await vi.waitFor(() => expect(seen).toEqual([true, false]));
      s.alive.ok = true;
      s.setUp(true);
      await vi.waitFor(() => expect(seen).toEqual([true, false, true]));
    } finally {
      stop();
    }
  });
});
