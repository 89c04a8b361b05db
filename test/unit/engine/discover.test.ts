import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import {
  discoverEngine,
  requireEngine,
  type DiscoverOptions,
} from '../../../src/main/engine/discover';
import { engineCandidates } from '../../../src/main/engine/candidates';
import type { Engine } from '../../../src/main/engine/types';
import type { ConnectOptions } from '../../../src/main/engine/connect';

const HOME = '/home/ada';

function fakeEngine(address: string, source: string, kind: 'docker' | 'podman' = 'docker'): Engine {
  const info = {
    kind,
    version: '1',
    apiVersion: '1.41',
    address,
    source,
    os: 'linux',
    arch: 'amd64',
    rootless: false,
  };
  return { info } as unknown as Engine;
}

/** Every socket exists; only `answering` addresses connect, the others refuse. */
function world(
  answering: string[],
  extra: Partial<DiscoverOptions> = {},
): DiscoverOptions & { tried: string[] } {
  const tried: string[] = [];
  return {
    env: {},
    platform: 'linux',
    homeDir: HOME,
    uid: 1000,
    socketExists: async () => true,
    listDir: async () => [],
    readText: async () => null,
    connect: async (address: string, opts: ConnectOptions) => {
      tried.push(address);
      if (answering.includes(address)) return fakeEngine(address, opts.source ?? '');
      throw new AppError(
        'engine-unreachable',
        `no engine reachable at ${address}: connection refused (engine not running)`,
      );
    },
    tried,
    ...extra,
  };
}

describe('engine discovery order', () => {
  it('tries DOCKER_HOST, config, docker socket, rootless and rootful podman, desktop VMs, in that order', async () => {
    const w = world([], {
      env: { DOCKER_HOST: 'tcp://10.0.0.5:2375', XDG_RUNTIME_DIR: '/run/user/1000' },
      dockerSocketPath: '/srv/engine.sock',
      listDir: async (p) =>
        p === `${HOME}/.local/share/containers/podman/machine`
          ? ['qemu/']
          : p.endsWith('/machine/qemu')
            ? ['podman.sock', 'other.txt']
            : [],
    });
    const { engine, status } = await discoverEngine(w);
    expect(engine).toBeUndefined();
    expect(status.attempts.map((a) => [a.source, a.address])).toEqual([
      ['DOCKER_HOST', 'tcp://10.0.0.5:2375'],
      ['config dockerSocketPath', 'unix:///srv/engine.sock'],
      ['docker socket', 'unix:///var/run/docker.sock'],
      ['rootless Podman', 'unix:///run/user/1000/podman/podman.sock'],
      ['rootful Podman', 'unix:///run/podman/podman.sock'],
      ['Docker Desktop', `unix://${HOME}/.docker/run/docker.sock`],
      ['Docker Desktop', `unix://${HOME}/.docker/desktop/docker.sock`],
      ['Colima', `unix://${HOME}/.colima/default/docker.sock`],
      ['Podman machine', `unix://${HOME}/.local/share/containers/podman/machine/qemu/podman.sock`],
    ]);
    expect(w.tried).toEqual(status.attempts.map((a) => a.address));
  });

  it('stops at the first engine that answers and reports the failures before it', async () => {
    const w = world(['unix:///run/podman/podman.sock'], {
      env: { XDG_RUNTIME_DIR: '/run/user/1000' },
    });
    const { engine, status } = await discoverEngine(w);
    expect(engine?.info.address).toBe('unix:///run/podman/podman.sock');
    expect(status).toMatchObject({ reachable: true, source: 'rootful Podman' });
    expect(status.attempts).toEqual([
      {
        source: 'docker socket',
        address: 'unix:///var/run/docker.sock',
        error: 'connection refused (engine not running)',
      },
      {
        source: 'rootless Podman',
        address: 'unix:///run/user/1000/podman/podman.sock',
        error: 'connection refused (engine not running)',
      },
      { source: 'rootful Podman', address: 'unix:///run/podman/podman.sock' },
    ]);
    expect(w.tried).not.toContain(`unix://${HOME}/.colima/default/docker.sock`);
  });

  it('says "no socket there" for missing sockets without trying to connect', async () => {
    const w = world([], { socketExists: async (p) => p === '/var/run/docker.sock' });
    const { status } = await discoverEngine(w);
    expect(w.tried).toEqual(['unix:///var/run/docker.sock']);
    expect(status.attempts.find((a) => a.source === 'Colima')?.error).toBe('no socket there');
  });

  it('without XDG_RUNTIME_DIR looks in /run/user/<uid> for rootless Podman', async () => {
    const cands = await engineCandidates({
      env: {},
      platform: 'linux',
      homeDir: HOME,
      uid: 1234,
      listDir: async () => [],
    });
    expect(cands.map((c) => c.address)).toContain('unix:///run/user/1234/podman/podman.sock');
  });

  it('finds Podman machine API sockets under $TMPDIR on macOS', async () => {
    const cands = await engineCandidates({
      env: { TMPDIR: '/var/folders/xy/T/' },
      platform: 'darwin',
      homeDir: '/Users/ada',
      listDir: async (p) =>
        p === '/var/folders/xy/T/podman' ? ['podman-machine-default-api.sock', 'gvproxy.sock'] : [],
    });
    const addrs = cands.map((c) => c.address);
    expect(addrs).toContain('unix:///Users/ada/.docker/run/docker.sock');
    expect(addrs).toContain('unix:///Users/ada/.colima/default/docker.sock');
    expect(addrs.at(-1)).toBe('unix:///var/folders/xy/T/podman/podman-machine-default-api.sock');
    expect(addrs).not.toContain('unix:///var/folders/xy/T/podman/gvproxy.sock');
  });

  it("uses the Docker CLI's current context right after the configured socket", async () => {
    const files: Record<string, string> = {
      [`${HOME}/.docker/config.json`]: JSON.stringify({ currentContext: 'desktop-linux' }),
      // sha256("desktop-linux"), as the Docker CLI names the folder
      [`${HOME}/.docker/contexts/meta/fe9c6bd7a66301f49ca9b6a70b217107cd1284598bfc254700c989b916da791e/meta.json`]:
        JSON.stringify({
          Name: 'desktop-linux',
          Endpoints: { docker: { Host: `unix://${HOME}/.docker/desktop/docker.sock` } },
        }),
    };
    const w = world([], {
      dockerSocketPath: '/srv/engine.sock',
      readText: async (p) => files[p] ?? null,
    });
    const { status } = await discoverEngine(w);
    expect(status.attempts.slice(0, 3).map((a) => [a.source, a.address])).toEqual([
      ['config dockerSocketPath', 'unix:///srv/engine.sock'],
      ['docker context "desktop-linux"', `unix://${HOME}/.docker/desktop/docker.sock`],
      ['docker socket', 'unix:///var/run/docker.sock'],
    ]);
    // DOCKER_CONTEXT=default means the plain default socket, as for the Docker CLI.
    const d = await discoverEngine(
      world([], { env: { DOCKER_CONTEXT: 'default' }, readText: async (p) => files[p] ?? null }),
    );
    expect(d.status.attempts[0]!.source).toBe('docker socket');
  });

  it('tries a configured socket once even when it is also a default path', async () => {
    const w = world([], { dockerSocketPath: '/var/run/docker.sock' });
    const { status } = await discoverEngine(w);
    expect(status.attempts.filter((a) => a.address === 'unix:///var/run/docker.sock')).toHaveLength(
      1,
    );
    expect(status.attempts[0]!.source).toBe('config dockerSocketPath');
  });

  it('unreachable: one actionable error naming every place and reason', async () => {
    const w = world([], { env: { DOCKER_HOST: 'tcp://user:secret@10.0.0.5:2375' } });
    const { status } = await discoverEngine(w);
    expect(status.reachable).toBe(false);
    if (status.reachable) return;
    expect(status.message).toMatch(
      /^no engine reachable: tried tcp:\/\/user:••••@10\.0\.0\.5:2375 \(DOCKER_HOST: /,
    );
    expect(status.message).toContain(
      'unix:///var/run/docker.sock (docker socket: connection refused (engine not running))',
    );
    expect(status.message).not.toContain('secret');
    expect(status.hint).toBe('start Docker or run `systemctl --user enable --now podman.socket`');
    await expect(requireEngine(world([]))).rejects.toMatchObject({
      code: 'engine-unreachable',
      hint: status.hint,
    });
  });
});

describe('discovery against real sockets that are not engines', () => {
  let dir: string;
  let server: Server;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccr-disc-'));
    writeFileSync(join(dir, 'plain-file.sock'), 'not a socket');
    // Answers like Podman on a path named docker.sock: the kind must come from the answer.
    server = createServer((req, res) => {
      res.setHeader('content-type', req.url?.includes('_ping') ? 'text/plain' : 'application/json');
      if (req.url?.includes('_ping')) return res.end('OK');
      if (req.url?.includes('/version')) {
        return res.end(
          JSON.stringify({
            Platform: { Name: 'linux/amd64/debian-12' },
            Components: [{ Name: 'Podman Engine', Version: '4.3.1' }],
            Version: '4.3.1',
            ApiVersion: '1.41',
            Os: 'linux',
            Arch: 'amd64',
          }),
        );
      }
      if (req.url?.includes('/info'))
        return res.end(
          JSON.stringify({ SecurityOptions: ['name=seccomp,profile=default', 'name=rootless'] }),
        );
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(join(dir, 'docker.sock'), r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('reports a file that is no socket, then detects Podman from the version answer', async () => {
    const { engine, status } = await discoverEngine({
      env: { DOCKER_HOST: `unix://${join(dir, 'plain-file.sock')}` },
      dockerSocketPath: join(dir, 'docker.sock'),
      platform: 'linux',
      homeDir: dir,
    });
    expect(status.attempts[0]).toMatchObject({ source: 'DOCKER_HOST' });
    expect(status.attempts[0]!.error).toMatch(/refused|not a socket|ENOTSOCK/i);
    expect(status).toMatchObject({
      reachable: true,
      kind: 'podman',
      version: '4.3.1',
      rootless: true,
      source: 'config dockerSocketPath',
    });
    expect(engine?.info.address).toBe(`unix://${join(dir, 'docker.sock')}`);
  });
});
