/**
 * Images on the real Docker and Podman: existence, build from a context with build args,
 * labels and .dockerignore (progress streamed), build failures, pull failures a user can act on.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { LABELS } from '../../src/main/engine/labels';
import type { BuildProgress, Engine } from '../../src/main/engine/types';
import { describeEachEngine, TEST_BASE_IMAGE } from '../helpers/engines';
import { engineFixture, RUN } from './engine-fixture';

describeEachEngine('engine images', (te) => {
  const fx = engineFixture(te);
  const { running, images } = fx;
  let engine: Engine;
  beforeAll(() => {
    engine = fx.engine;
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

  it('a build whose base image cannot be pulled names the base, the registry and the fixes', async () => {
    // `.invalid` never resolves: the engine's pull fails the way it does offline.
    const ctx = mkdtempSync(join(tmpdir(), 'ccr-build-base-'));
    writeFileSync(
      join(ctx, 'Dockerfile'),
      'ARG BASE_IMAGE=registry.invalid/ccr/base:1\nFROM ${BASE_IMAGE}\nRUN true\n',
    );
    const err = await engine
      .buildImage({ contextDir: ctx, dockerfile: 'Dockerfile', tag: `ccr-it-base:${RUN}` })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'base-image-pull-failed' });
    const { message, hint } = err as { message: string; hint: string };
    expect(message).toContain('the base image registry.invalid/ccr/base:1 could not be pulled');
    expect(message).toContain('from registry.invalid: the engine could not reach it');
    expect(hint).toContain('"dockerImage"');
    expect(hint).toContain('"baseImage"');
    expect(hint).toMatch(/proxy/);
    expect(hint).not.toMatch(/fix the Dockerfile/);
  });

  it("a step that fails offline after the base is there is the step's failure, not the base's", async () => {
    const ctx = mkdtempSync(join(tmpdir(), 'ccr-build-step-'));
    writeFileSync(
      join(ctx, 'Dockerfile'),
      `FROM ${TEST_BASE_IMAGE}\nRUN echo 'dial tcp: lookup deb.example.invalid: no such host' && exit 3\n`,
    );
    const err = await engine
      .buildImage({ contextDir: ctx, dockerfile: 'Dockerfile', tag: `ccr-it-step:${RUN}` })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'build-failed' });
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
      // Podman talks plain HTTP to 127.0.0.1 here: scripts/engines/registries.conf marks it
      // insecure for the test engine (without it, podman refuses plain HTTP).
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
    } finally {
      await new Promise<void>((r) => registry.close(() => r()));
    }
  });
});
