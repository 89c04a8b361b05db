/**
 * The engine layer against the real Docker and Podman: every operation the app relies on, with
 * what a user would notice (files, exit codes, limits, TTY size), once per engine. Images
 * (build, pull) are in engine-images.test.ts.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectEngineAt } from '../../src/main/engine';
import { LABELS } from '../../src/main/engine/labels';
import type { Engine } from '../../src/main/engine/types';
import { describeEachEngine, TEST_BASE_IMAGE } from '../helpers/engines';
import { engineFixture, readAll, RUN, TEST_LABEL, until } from './engine-fixture';

describeEachEngine('engine layer', (te) => {
  const fx = engineFixture(te);
  const { spec, running } = fx;
  let engine: Engine;
  beforeAll(() => {
    engine = fx.engine;
  });

  it('pings and tells the engine kind from its version answer', async () => {
    await engine.ping();
    expect(engine.info.kind).toBe(te.name);
    expect(engine.info.version).toMatch(/^\d+\.\d+/);
    expect(engine.info.apiVersion).toMatch(/^\d+\.\d+/);
    expect(engine.info.address).toBe(te.address);
  });

  it('knows which images exist', async () => {
    expect(await engine.imageExists(TEST_BASE_IMAGE)).toBe(true);
    expect(await engine.imageExists(`ccr-no-such-image:${RUN}`)).toBe(false);
    expect(await engine.imageLabels(`ccr-no-such-image:${RUN}`)).toBeNull();
  });

  it('cancels a running exec when its signal aborts', async () => {
    const id = await running('abort');
    const ac = new AbortController();
    const t0 = Date.now();
    setTimeout(() => ac.abort(), 300);
    await expect(
      engine.exec(id, { cmd: ['sleep', '30'], signal: ac.signal }),
    ).rejects.toMatchObject({ code: 'aborted' });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('creates a hardened container with labels, env, mounts, user and limits', async () => {
    const host = mkdtempSync(join(tmpdir(), 'ccr-mount-'));
    chmodSync(host, 0o755); // the container user (1000) must be able to read it
    writeFileSync(join(host, 'from-host.txt'), 'mounted\n', { mode: 0o644 });
    const id = await running('hardened', {
      env: { GREETING: 'hello world', EMPTY: '' },
      mounts: [{ source: host, target: '/mnt/host', readonly: true }],
      user: '1000:1000',
      workdir: '/tmp',
      resources: { memoryBytes: 256 * 1024 * 1024, cpus: 0.5, pidsLimit: 64 },
      security: { capDrop: ['ALL'], capAdd: [], noNewPrivileges: true },
    });
    const st = await engine.inspectContainer(id);
    expect(st).toMatchObject({ running: true, status: 'running', exitCode: null });
    expect(st!.labels).toMatchObject({
      [LABELS.app]: 'claude-code-runner',
      [LABELS.session]: 's-hardened',
      [LABELS.branch]: 'claude/1',
    });
    const hc = st!.raw.HostConfig;
    expect(hc.Memory).toBe(256 * 1024 * 1024);
    expect(hc.NanoCpus).toBe(500_000_000);
    expect(hc.PidsLimit).toBe(64);
    // Docker echoes ["ALL"]; Podman lists every capability it dropped. CapEff below is the proof.
    expect(hc.CapDrop?.join(',')).toMatch(
      te.name === 'docker' ? /^ALL$/ : /\bCHOWN\b.*\bSYS_CHROOT\b/,
    );
    expect(hc.SecurityOpt?.join(',')).toMatch(/no-new-privileges/);

    const r = await engine.exec(id, {
      cmd: [
        'sh',
        '-c',
        'id -u; pwd; echo "$GREETING"; cat /mnt/host/from-host.txt; grep -E "^(NoNewPrivs|CapEff)" /proc/self/status; touch /mnt/host/x 2>&1 || echo ro',
      ],
    });
    const lines = r.stdout.toString().split('\n');
    expect(lines.slice(0, 4)).toEqual(['1000', '/tmp', 'hello world', 'mounted']);
    expect(r.stdout.toString()).toMatch(/NoNewPrivs:\s+1/);
    expect(r.stdout.toString()).toMatch(/CapEff:\s+0+\n/);
    expect(r.stdout.toString()).toMatch(/ro\n$/);
  });

  it('exec without TTY: separate stdout/stderr, stdin, env, exit code', async () => {
    const id = await running('exec');
    const r = await engine.exec(id, {
      cmd: ['sh', '-c', 'echo "out $X"; echo err >&2; cat; exit 3'],
      env: { X: 'y' },
      stdin: Buffer.from('fed through stdin\n'),
    });
    expect(r.exitCode).toBe(3);
    expect(r.stdout.toString()).toBe('out y\nfed through stdin\n');
    expect(r.stderr.toString()).toBe('err\n');
    // Binary output larger than one frame survives demultiplexing intact.
    const big = await engine.exec(id, {
      cmd: ['sh', '-c', 'head -c 300000 /dev/zero | tr "\\0" a'],
    });
    expect(big.stdout.length).toBe(300_000);
    expect(big.exitCode).toBe(0);
  });

  it('exec with TTY: raw output, stdin echo, resize seen by stty size, exit code', async () => {
    const id = await running('tty');
    const s = await engine.execStream(id, {
      cmd: ['sh'],
      tty: true,
      stdin: true,
      cols: 91,
      rows: 27,
    });
    s.stdin!.write('stty size\n');
    expect(await until(s, /27 91/)).toContain('stty size');
    await s.resize(133, 41);
    s.stdin!.write('stty size; exit 4\n');
    await until(s, /41 133/);
    expect(await s.wait()).toBe(4);

    // A command that is over before the initial resize is done still reports its exit.
    const quick = await engine.execStream(id, {
      cmd: ['sh', '-c', 'exit 6'],
      tty: true,
      stdin: false,
      cols: 80,
      rows: 24,
    });
    expect(await quick.wait()).toBe(6);
  });

  it('puts and gets archives, with ownership from the tar headers', async () => {
    const id = await running('archive');
    const pack = tar.pack();
    pack.entry({ name: 'work/notes.txt', uid: 1000, gid: 1000, mode: 0o640 }, 'owned by 1000\n');
    pack.finalize();
    await engine.putArchive(id, '/tmp', pack as unknown as Readable);
    const st = await engine.exec(id, { cmd: ['stat', '-c', '%u:%g %a', '/tmp/work/notes.txt'] });
    expect(st.stdout.toString().trim()).toBe('1000:1000 640');

    const extract = tar.extract();
    const got: { name: string; uid?: number | undefined; body: string }[] = [];
    extract.on('entry', (h, stream, next) => {
      const parts: Buffer[] = [];
      stream.on('data', (c: unknown) => void parts.push(c as Buffer));
      stream.on('end', () => {
        got.push({ name: h.name, uid: h.uid, body: Buffer.concat(parts).toString() });
        next();
      });
    });
    const done = new Promise<void>((r) => extract.on('finish', () => r()));
    (await engine.getArchive(id, '/tmp/work/notes.txt')).pipe(extract);
    await done;
    // Podman 4.3 writes uid 0 into the headers of get-archive whatever the owner (stat above is
    // the truth there); Docker reports the owner.
    expect(got).toEqual([
      { name: 'notes.txt', uid: te.name === 'docker' ? 1000 : 0, body: 'owned by 1000\n' },
    ]);
    // Docker refuses a target folder that does not exist; Podman 4.3 creates it.
    const put = engine.putArchive(id, '/no/such/dir', Buffer.alloc(1024));
    if (te.name === 'docker') {
      await expect(put).rejects.toMatchObject({
        code: 'engine-error',
        message: expect.stringContaining('/no/such/dir'),
      });
    } else await put;
    await expect(engine.getArchive(id, '/no/such/path')).rejects.toMatchObject({
      code: 'engine-error',
    });
  });

  it('lists containers by label and reads logs with tail', async () => {
    const id = await running('logs', {
      cmd: [
        'sh',
        '-c',
        'echo oops >&2; sleep 0.3; for i in 1 2 3 4 5; do echo line$i; done; exec sleep infinity',
      ],
    });
    const mine = await engine.listContainers({ [TEST_LABEL]: RUN, [LABELS.session]: 's-logs' });
    expect(mine.map((c) => c.id)).toEqual([id]);
    expect(mine[0]).toMatchObject({ status: 'running', name: spec('logs').name });
    expect(await engine.listContainers({ [TEST_LABEL]: `${RUN}-other` })).toEqual([]);

    let text = '';
    for (let i = 0; i < 50 && !text.includes('line5'); i++) {
      text = (await readAll(await engine.logs(id, { tail: 3 }))).toString();
      if (!text.includes('line5')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(text).toBe('line3\nline4\nline5\n');
    // stderr is in the logs too (its order against stdout is the engine's business).
    expect((await readAll(await engine.logs(id))).toString()).toContain('oops\n');

    const ac = new AbortController();
    const follow = await engine.logs(id, { follow: true, tail: 1, signal: ac.signal });
    const first = await new Promise<string>((r) =>
      follow.once('data', (d: Buffer) => r(d.toString())),
    );
    expect(first).toMatch(/line5/);
    // Aborting alone ends the stream (no error thrown at a consumer without an error listener).
    const ended = new Promise<void>((r) => follow.once('end', () => r()));
    follow.resume();
    ac.abort();
    await ended;
  });

  it('stops and removes; a missing container is a clear error', async () => {
    const id = await running('stop');
    await engine.stopContainer(id, 2);
    expect(await engine.inspectContainer(id)).toMatchObject({ running: false, status: 'exited' });
    await engine.stopContainer(id, 2); // stopping a stopped container is fine
    await expect(engine.exec(id, { cmd: ['true'] })).rejects.toMatchObject({
      code: 'engine-error',
      message: expect.stringMatching(/not running|running containers/i),
      hint: expect.stringMatching(/start the container/),
    });
    await engine.removeContainer(id);
    expect(await engine.inspectContainer(id)).toBeNull();

    const missing = `ccr-it-missing-${RUN}`;
    for (const op of [
      () => engine.startContainer(missing),
      () => engine.stopContainer(missing),
      () => engine.removeContainer(missing),
      () => engine.exec(missing, { cmd: ['true'] }),
      () => engine.logs(missing),
    ]) {
      await expect(op()).rejects.toMatchObject({
        code: 'container-not-found',
        message: expect.stringContaining(missing),
      });
    }
    await expect(
      engine.createContainer(spec('noimage', { image: `ccr-no-such-image:${RUN}` })),
    ).rejects.toMatchObject({ code: 'image-not-found' });
  });
});

describe('connectEngineAt', () => {
  it('an address with no engine is engine-unreachable with a hint', async () => {
    const err = await connectEngineAt(`unix://${join(tmpdir(), `ccr-none-${RUN}.sock`)}`).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      code: 'engine-unreachable',
      hint: expect.stringContaining('podman.socket'),
    });
    expect((err as Error).message).toMatch(/no socket there/);
  });
});
