/**
 * The engine layer against the real Docker and Podman: every operation the app relies on, with
 * what a user would notice (files, exit codes, limits, TTY size), once per engine.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEngineAt } from '../../src/main/engine';
import { LABELS, sessionLabels } from '../../src/main/engine/labels';
import type { BuildProgress, ContainerSpec, Engine, ExecStream } from '../../src/main/engine/types';
import { describeEachEngine, TEST_BASE_IMAGE } from '../helpers/engines';

const RUN = `${process.pid}-${Date.now().toString(36)}`;
const TEST_LABEL = 'dev.claude-code-runner.test';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

/** Collects TTY output until `pattern` shows up (or fails after a timeout with what came). */
function until(s: ExecStream, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; got ${JSON.stringify(seen)}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        s.stdout.off('data', onData);
        resolve(seen);
      }
    };
    s.stdout.on('data', onData);
  });
}

describeEachEngine('engine layer', (te) => {
  let engine: Engine;
  const created: string[] = [];
  const images: string[] = [];
  const network = te.name === 'docker' ? 'none' : 'default';

  const spec = (suffix: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
    name: `ccr-it-${te.name}-${RUN}-${suffix}`,
    image: TEST_BASE_IMAGE,
    labels: {
      ...sessionLabels({ sessionId: `s-${suffix}`, repo: '/src/repo', branch: 'claude/1' }),
      [TEST_LABEL]: RUN,
    },
    env: {},
    cmd: ['sleep', 'infinity'],
    network,
    init: true,
    ...extra,
  });
  const create = async (suffix: string, extra: Partial<ContainerSpec> = {}) => {
    const id = await engine.createContainer(spec(suffix, extra));
    created.push(id);
    return id;
  };
  const running = async (suffix: string, extra: Partial<ContainerSpec> = {}) => {
    const id = await create(suffix, extra);
    await engine.startContainer(id);
    return id;
  };

  beforeAll(async () => {
    engine = await connectEngineAt(te.address, { source: 'test' });
  });
  afterAll(async () => {
    if (!engine) return;
    for (const id of created)
      await engine.removeContainer(id, { force: true }).catch(() => undefined);
    for (const tag of images)
      await engine.docker
        .getImage(tag)
        .remove({ force: true })
        .catch(() => undefined);
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

  it('builds a Dockerfile from its context with build args, labels and .dockerignore, streaming progress', async () => {
    const ctx = mkdtempSync(join(tmpdir(), 'ccr-build-'));
    mkdirSync(join(ctx, 'docker'));
    writeFileSync(join(ctx, 'hello.txt'), 'hello from the context\n');
    writeFileSync(join(ctx, 'secret.txt'), 'must not be sent\n');
    writeFileSync(join(ctx, '.dockerignore'), 'secret.txt\n');
    writeFileSync(
      join(ctx, 'docker/Dockerfile'),
      'ARG BASE_IMAGE\nFROM $BASE_IMAGE\nARG GREETING\nCOPY . /opt/ctx/\nRUN echo "$GREETING" > /opt/greeting\n',
    );
    const tag = `ccr-it-build:${RUN}`;
    images.push(tag);
    const progress: BuildProgress[] = [];
    await engine.buildImage(
      {
        contextDir: ctx,
        dockerfile: 'docker/Dockerfile',
        tag,
        buildArgs: { BASE_IMAGE: TEST_BASE_IMAGE, GREETING: 'hi there' },
        labels: { [LABELS.recipe]: 'abc' },
      },
      (p) => progress.push(p),
    );
    expect(progress.filter((p) => p.kind === 'step').length).toBeGreaterThanOrEqual(4);
    expect(progress.some((p) => p.kind === 'step' && /COPY/.test(p.text))).toBe(true);
    expect((await engine.imageLabels(tag))?.[LABELS.recipe]).toBe('abc');

    const id = await running('built', { image: tag });
    const r = await engine.exec(id, {
      cmd: ['sh', '-c', 'cat /opt/greeting /opt/ctx/hello.txt; ls /opt/ctx'],
    });
    expect(r.stdout.toString()).toContain('hi there\nhello from the context\n');
    expect(r.stdout.toString()).not.toContain('secret.txt');
  });

  it('fails a broken build with the failing step in the error', async () => {
    const ctx = mkdtempSync(join(tmpdir(), 'ccr-build-bad-'));
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${TEST_BASE_IMAGE}\nRUN echo doomed && exit 7\n`);
    const err = await engine
      .buildImage({ contextDir: ctx, dockerfile: 'Dockerfile', tag: `ccr-it-bad:${RUN}` })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'build-failed' });
    expect((err as Error).message).toMatch(
      /exit(ed)? (code|status)?:? ?7|returned a non-zero code: 7|exit status 7/,
    );
  });

  it('a pull of an image that cannot be had fails with a clear error', async () => {
    // No registry is reachable from this machine: the engine's own lookup fails.
    const ref = `ccr-test/does-not-exist-${RUN}:never`;
    const err = await engine.pullImage(ref).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'pull-failed',
      message: expect.stringContaining(ref),
      hint: expect.any(String),
    });
  });

  it('tells a missing image from a refused one when the registry answers', async () => {
    // A minimal registry on loopback (Docker treats 127.0.0.0/8 as an insecure registry;
    // Podman insists on TLS, which is its own clear error).
    const registry = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
      if (req.url === '/v2/') return res.end('{}');
      if (req.url?.includes('/private/')) {
        res.statusCode = 401;
        res.setHeader('WWW-Authenticate', 'Basic realm="ccr-test"');
        return res.end(
          JSON.stringify({
            errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }],
          }),
        );
      }
      res.statusCode = 404;
      res.end(
        JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }),
      );
    });
    await new Promise<void>((r) => registry.listen(0, '127.0.0.1', r));
    const port = (registry.address() as AddressInfo).port;
    try {
      const missing = await engine
        .pullImage(`127.0.0.1:${port}/nope/img:x`)
        .catch((e: unknown) => e);
      const refused = await engine
        .pullImage(`127.0.0.1:${port}/private/img:x`)
        .catch((e: unknown) => e);
      if (te.name === 'docker') {
        expect(missing).toMatchObject({
          code: 'pull-failed',
          message: expect.stringMatching(
            /^image 127\.0\.0\.1:\d+\/nope\/img:x was not found in its registry/,
          ),
        });
        expect(refused).toMatchObject({
          code: 'pull-failed',
          message: expect.stringMatching(/refused access/),
          hint: expect.stringMatching(/log in/),
        });
      } else {
        for (const err of [missing, refused]) {
          expect(err).toMatchObject({
            code: 'pull-failed',
            message: expect.stringMatching(/speaks plain HTTP/),
          });
        }
      }
    } finally {
      await new Promise<void>((r) => registry.close(() => r()));
    }
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
    ac.abort();
    follow.destroy();
  });

  it('stops and removes; a missing container is a clear error', async () => {
    const id = await running('stop');
    await engine.stopContainer(id, 2);
    expect(await engine.inspectContainer(id)).toMatchObject({ running: false, status: 'exited' });
    await engine.stopContainer(id, 2); // stopping a stopped container is fine
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
