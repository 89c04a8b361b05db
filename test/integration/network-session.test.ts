/**
 * Allowlist sessions through the core, as the app runs them: the container has no network of
 * its own, its tools reach allowed hosts through the gateway with nothing but the environment
 * the session sets, a denial is logged with the process that tried, "Allow for this session"
 * lets the next attempt through, and all of it survives an app restart. A session whose
 * network is an engine network keeps it, without gateway or proxy settings.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core';
import { connectEngineAt } from '../../src/main/engine';
import type { Engine } from '../../src/main/engine/types';
import type { NetworkDenied } from '../../src/shared/schemas/network';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { TEST_BASE_IMAGE, describeEachEngine } from '../helpers/engines';
import { makeFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo';
import { CoreProcess } from './core-process';

const ctx = { transport: 'local' as const, signal: new AbortController().signal };
const HOSTS = { 'allowed.test': '127.0.0.1', 'denied.test': '127.0.0.1' };

describeEachEngine('allowlist sessions', (te) => {
  let tmp: string;
  let repo: FixtureRepo;
  let server: Server;
  let port = 0;
  let engine: Engine;
  let core: Core;
  const sessions: SessionInfo[] = [];
  const denials: NetworkDenied[] = [];

  const makeCore = async () => {
    const c = await createCore({
      dataDir: join(tmp, 'data'),
      mode: 'web',
      version: '0.0.0-test',
      env: { PATH: process.env.PATH, DOCKER_HOST: te.address },
      homeDir: tmp,
      networkHosts: HOSTS,
    });
    c.bus.subscribe((name, payload) => {
      if (name === 'networkDenied') denials.push(payload as NetworkDenied);
    });
    return c;
  };
  const config = (name: string, network: unknown) => {
    const file = join(tmp, `${name}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        dockerImage: TEST_BASE_IMAGE,
        buildImage: false,
        network,
        agent: { command: ['sleep', 'infinity'] },
      }),
    );
    return file;
  };
  /** curl as the session's user, with only the container's own environment. */
  const curl = (s: SessionInfo, url: string) =>
    engine.exec(s.containerId!, {
      cmd: ['curl', '-sS', '--max-time', '20', url],
      user: s.containerUser || undefined,
    });

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ccr-net-session-'));
    repo = makeFixtureRepo();
    server = createServer((_req, res) => res.end('hello from the host\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    engine = await connectEngineAt(te.address);
    core = await makeCore();
  }, 120_000);

  afterAll(async () => {
    await core?.dispose();
    for (const s of sessions)
      if (s.containerId)
        await engine.removeContainer(s.containerId, { force: true }).catch(() => undefined);
    server?.close();
    repo?.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('reaches allowed hosts only, logs denials, and takes "allow for this session"', async () => {
    // The start panel's choice wins over the config's engine network.
    const configPath = config('allowlist', 'none');
    const s = await core.handlers.startSession(
      {
        folder: repo.dir,
        configPath,
        network: { egress: 'allowlist', allow: [`allowed.test:${port}`], presets: [] },
      },
      ctx,
    );
    sessions.push(s);
    expect(s.status).toBe('running');
    const inspect = await engine.docker.getContainer(s.containerId!).inspect();
    expect(inspect.HostConfig.NetworkMode).toBe('none');
    // No capability is added for the network (the image runs as root: its usual few only).
    expect(inspect.HostConfig.CapAdd ?? []).not.toContain('NET_ADMIN');
    expect(inspect.HostConfig.CapAdd ?? []).not.toContain('NET_RAW');

    const ok = await curl(s, `http://allowed.test:${port}/`);
    expect(ok.stdout.toString()).toBe('hello from the host\n');

    const no = await curl(s, `http://denied.test:${port}/`);
    expect(no.stdout.toString()).toContain('not on this session');
    await expect
      .poll(async () => (await core.handlers.getNetworkState({ sessionId: s.id }, ctx)).denied)
      .toHaveLength(1);
    const state = await core.handlers.getNetworkState({ sessionId: s.id }, ctx);
    expect(state.gateway).toBe('serving');
    expect(state.denied[0]).toMatchObject({ host: 'denied.test', port, reason: 'not-allowed' });
    expect(state.denied[0]!.process).toMatch(/^curl/);
    expect(denials.map((d) => d.sessionId)).toEqual([s.id]);

    const after = await core.handlers.allowHost(
      { sessionId: s.id, pattern: `denied.test:${port}`, scope: 'session' },
      ctx,
    );
    expect(after.sessionAllow).toEqual([`denied.test:${port}`]);
    const now = await curl(s, `http://denied.test:${port}/`);
    expect(now.stdout.toString()).toBe('hello from the host\n');
  });

  it('keeps the policy and the answers across an app restart', async () => {
    const s = sessions[0]!;
    // A denial moments before the app quits is still in the log after the restart.
    await curl(s, `http://late.test:${port}/`);
    await expect.poll(() => denials.some((d) => d.attempt.host === 'late.test')).toBe(true);
    await core.dispose();
    core = await makeCore();
    await expect
      .poll(async () => (await core.handlers.getNetworkState({ sessionId: s.id }, ctx)).gateway, {
        timeout: 30_000,
      })
      .toBe('serving');
    const state = await core.handlers.getNetworkState({ sessionId: s.id }, ctx);
    expect(state.policy).toMatchObject({ egress: 'allowlist', allow: [`allowed.test:${port}`] });
    expect(state.sessionAllow).toEqual([`denied.test:${port}`]);
    expect(state.denied.map((d) => d.host)).toContain('late.test');
    const again = await curl(s, `http://denied.test:${port}/`);
    expect(again.stdout.toString()).toBe('hello from the host\n');
  });

  it('leaves a session on an engine network as it was', async () => {
    const network = te.name === 'docker' ? 'none' : 'default';
    const configPath = config('engine-network', network);
    const s = await core.handlers.startSession({ folder: repo.dir, configPath }, ctx);
    sessions.push(s);
    const inspect = await engine.docker.getContainer(s.containerId!).inspect();
    expect(inspect.HostConfig.NetworkMode).toBe(te.name === 'docker' ? 'none' : 'bridge');
    expect((inspect.Config.Env ?? []).filter((e) => /_PROXY=/i.test(e))).toEqual([]);
    const state = await core.handlers.getNetworkState({ sessionId: s.id }, ctx);
    expect(state).toMatchObject({ policy: network, gateway: 'off', denied: [] });
  });

  it('takes the policy from the config file, and defaults to an allowlist without one', async () => {
    const fromFile = await core.handlers.startSession(
      {
        folder: repo.dir,
        configPath: config('file-allowlist', {
          egress: 'allowlist',
          allow: [`allowed.test:${port}`],
        }),
      },
      ctx,
    );
    sessions.push(fromFile);
    expect((await curl(fromFile, `http://allowed.test:${port}/`)).stdout.toString()).toBe(
      'hello from the host\n',
    );
    const unset = await core.handlers.startSession(
      { folder: repo.dir, configPath: config('unset', undefined) },
      ctx,
    );
    sessions.push(unset);
    const state = await core.handlers.getNetworkState({ sessionId: unset.id }, ctx);
    expect(state.policy).toMatchObject({ egress: 'allowlist' });
    expect(state.gateway).toBe('serving');
    expect((await curl(unset, `http://allowed.test:${port}/`)).stdout.toString()).toContain(
      'not on this session',
    );
  });

  it('passes the gateway to the elected process when the one that started the session dies', async () => {
    // This test's core is the elected one; another process starts the session and serves it.
    const other = new CoreProcess(join(tmp, 'data'), tmp, te.address, HOSTS);
    let s: SessionInfo;
    try {
      s = await other.call('startSession', {
        folder: repo.dir,
        configPath: config('second-process', 'none'),
        network: { egress: 'allowlist', allow: [`allowed.test:${port}`], presets: [] },
      });
      sessions.push(s);
      expect((await curl(s, `http://allowed.test:${port}/`)).stdout.toString()).toBe(
        'hello from the host\n',
      );
    } finally {
      await other.kill9();
    }
    // Its forwarder ends with its engine connection; this process's next attempt takes over.
    await expect
      .poll(async () => (await curl(s, `http://allowed.test:${port}/`)).stdout.toString(), {
        timeout: 30_000,
        interval: 500,
      })
      .toBe('hello from the host\n');
    expect((await core.handlers.getNetworkState({ sessionId: s.id }, ctx)).gateway).toBe('serving');
  });

  it('forwards a port of the session and closes it when the session stops', async () => {
    const s = sessions[0]!;
    const server =
      'use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalPort => 3000, Listen => 5, ReuseAddr => 1) or die; ' +
      'while (my $c = $s->accept) { while (<$c>) { last if /^\\r?\\n$/ } print $c "HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\nConnection: close\\r\\n\\r\\npong\\n"; close $c }';
    await engine.exec(s.containerId!, {
      cmd: ['bash', '-c', 'nohup perl -e "$0" >/dev/null 2>&1 &', server],
      user: s.containerUser || undefined,
    });
    await expect
      .poll(async () => (await core.handlers.listPorts({ sessionId: s.id }, ctx)).ports, {
        timeout: 20_000,
      })
      .toContainEqual(expect.objectContaining({ port: 3000 }));
    const fwd = await core.handlers.forwardPort({ sessionId: s.id, port: 3000 }, ctx);
    expect(await (await fetch(fwd.url)).text()).toBe('pong\n');
    await core.handlers.stopSession({ id: s.id }, ctx);
    await expect
      .poll(() =>
        fetch(fwd.url).then(
          () => 'open',
          () => 'closed',
        ),
      )
      .toBe('closed');
  });
});
