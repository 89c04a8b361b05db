/**
 * The default recipe (docker/Dockerfile) built for real on each engine from the offline test
 * base, with the host's trust bundle as extraCaCertificates (this machine reaches the registries
 * through a TLS-inspecting proxy). The image is built once per engine and reused by later runs
 * while its recipe label matches: that reuse is the staleness logic under test.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEngineAt } from '../../src/main/engine/connect';
import { LABELS } from '../../src/main/engine/labels';
import type { Engine } from '../../src/main/engine/types';
import { CA_LABEL } from '../../src/main/image/ca-certs';
import { fallbackBuildNetwork } from '../../src/main/image/image-info';
import {
  CUSTOM_IMAGE_REPO,
  DEFAULT_IMAGE,
  ensureImage,
  type EnsureImageOptions,
  type ImageConfig,
} from '../../src/main/image/ensure-image';
import { describeEachEngine, TEST_BASE_IMAGE } from '../helpers/engines';

const HOST_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const TAG = 'ccr-it-default:latest';
const RUN_LABEL = 'dev.claude-code-runner.test';

const config: ImageConfig = {
  dockerImage: TAG,
  buildImage: true,
  dockerfile: undefined,
  extraCaCertificates: existsSync(HOST_BUNDLE) ? [HOST_BUNDLE] : [],
  network: 'default',
};

describeEachEngine('default image', (te) => {
  let engine: Engine;
  let options: EnsureImageOptions;
  const containers: string[] = [];
  const extraTags: string[] = [];

  beforeAll(async () => {
    engine = await connectEngineAt(te.address);
    options = {
      config,
      projectDir: process.cwd(),
      appVersion: '0.0.0-test',
      buildArgs: { BASE_IMAGE: TEST_BASE_IMAGE },
    };
  });

  afterAll(async () => {
    for (const id of containers)
      await engine?.removeContainer(id, { force: true }).catch(() => undefined);
    for (const tag of extraTags)
      await engine?.docker
        .getImage(tag)
        .remove()
        .catch(() => undefined);
  });

  async function run(image: string, user: string, cmd: string[]): Promise<string> {
    const id = await engine.createContainer({
      name: `ccr-it-image-${te.name}-${Date.now()}-${containers.length}`,
      image,
      labels: { [RUN_LABEL]: 'image' },
      env: {},
      user,
      network: 'none',
    });
    containers.push(id);
    await engine.startContainer(id);
    const res = await engine.exec(id, { cmd, user });
    expect(res.stderr.toString(), `${cmd.join(' ')} failed`).toBe(
      res.exitCode === 0 ? res.stderr.toString() : '',
    );
    expect(res.exitCode, `${cmd.join(' ')}: ${res.stderr.toString()}`).toBe(0);
    return res.stdout.toString();
  }

  it('builds on the network that works: the host one on a Docker without its bridge', async () => {
    // Docker runs here with --bridge=none (RUN steps would have no network at all).
    expect(await fallbackBuildNetwork(engine)).toBe(te.name === 'docker' ? 'host' : undefined);
  });

  describe('build', () => {
    let result: Awaited<ReturnType<typeof ensureImage>>;

    beforeAll(async () => {
      const steps: string[] = [];
      const started = Date.now();
      result = await ensureImage(engine, {
        ...options,
        onProgress: (p) => p.current && steps.push(p.message),
      });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      // The figure the report quotes: a fresh build, or the reuse of a current image.
      console.log(
        `[${te.name}] ensureImage ${result.built ? `built ${TAG} in` : `reused ${TAG} after`} ${seconds}s (${steps.length} steps)`,
      );
    });

    it('labels the image with the app version, the recipe hash and the CA set', async () => {
      const labels = await engine.imageLabels(TAG);
      expect(labels?.[LABELS.version]).toBe('0.0.0-test');
      expect(labels?.[LABELS.recipe]).toBe(result.recipe);
      expect(labels?.[CA_LABEL]).toMatch(/^[0-9a-f]{16}$/);
    });

    it('runs as the non-root user claude with /workspace as its work dir', async () => {
      expect(result.user).toBe('claude');
      const out = await run(result.image, result.user ?? '', [
        'sh',
        '-c',
        'id -u; id -un; echo "$HOME"; pwd; touch /workspace/x && echo writable',
      ]);
      const [uid, name, home, cwd, writable] = out.trim().split('\n');
      expect(Number(uid)).not.toBe(0);
      expect(name).toBe('claude');
      expect(home).toBe('/home/claude');
      expect(cwd).toBe('/workspace');
      expect(writable).toBe('writable');
    });

    it('has Claude Code and the listed tools', async () => {
      const out = await run(result.image, 'claude', [
        'bash',
        '-c',
        'claude --version && git --version && gh --version | head -n1 && node --version && npm --version && python3 --version && make --version | head -n1 && gcc --version | head -n1 && command -v tini inotifywait ps less curl',
      ]);
      expect(out).toMatch(/^\d+\.\d+\.\d+ \(Claude Code\)$/m);
      expect(out).toMatch(/^git version /m);
      expect(out).toMatch(/^gh version /m);
      const node = /^v(\d+)\./m.exec(out);
      expect(Number(node?.[1])).toBeGreaterThanOrEqual(22);
      expect(out).toMatch(/^Python 3\./m);
      expect(out).toMatch(/^GNU Make /m);
      expect(out).toMatch(/^gcc /m);
      expect(out).toContain('/usr/bin/tini');
    });

    it('trusts the extra certificates in npm, git and the system store', async () => {
      const out = await run(result.image, 'claude', [
        'sh',
        '-c',
        'npm config get cafile; git config --get http.sslCAInfo; echo "$NODE_EXTRA_CA_CERTS"; ls /usr/local/share/ca-certificates/ccr-extra | wc -l',
      ]);
      const [cafile, gitCa, nodeCa, count] = out.trim().split('\n');
      expect(cafile).toBe('/etc/ssl/certs/ca-certificates.crt');
      expect(gitCa).toBe('/etc/ssl/certs/ca-certificates.crt');
      expect(nodeCa).toBe('/etc/ssl/certs/ca-certificates.crt');
      expect(Number(count)).toBeGreaterThan(0);
    });

    it('keeps running under tini as PID 1 and stops within seconds', async () => {
      const id = await engine.createContainer({
        name: `ccr-it-image-stop-${te.name}-${Date.now()}`,
        image: result.image,
        labels: { [RUN_LABEL]: 'image' },
        env: {},
        network: 'none',
      });
      containers.push(id);
      await engine.startContainer(id);
      const pid1 = await engine.exec(id, { cmd: ['cat', '/proc/1/comm'] });
      expect(pid1.stdout.toString().trim()).toBe('tini');
      const started = Date.now();
      await engine.stopContainer(id, 10);
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await engine.inspectContainer(id))?.running).toBe(false);
    });

    it('reuses the image while the recipe is unchanged', async () => {
      const again = await ensureImage(engine, options);
      expect(again).toMatchObject({ image: TAG, built: false, recipe: result.recipe });
    });

    it('rebuilds when the recipe changes (a stale image is not used)', async () => {
      const tag = 'ccr-it-default:stale-check';
      extraTags.push(tag);
      const first = await ensureImage(engine, {
        ...options,
        config: { ...config, dockerImage: tag },
      });
      const second = await ensureImage(engine, {
        ...options,
        config: { ...config, dockerImage: tag },
        appVersion: '0.0.1-test',
      });
      expect(second.built).toBe(true);
      expect(second.recipe).not.toBe(first.recipe);
      expect((await engine.imageLabels(tag))?.[LABELS.version]).toBe('0.0.1-test');
    }, 600_000);
  });
  it('refuses EXTRA_AGENTS words outside its list, without running them', async () => {
    const logs: string[] = [];
    const err = await ensureImage(engine, {
      ...options,
      config: { ...config, dockerImage: 'ccr-it-default:bad-agents' },
      buildArgs: { ...options.buildArgs, EXTRA_AGENTS: 'codex;touch${IFS}/tmp/pwned $(id)' },
      onProgress: (p) => logs.push(p.message),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'build-failed' });
    expect(logs.join('\n')).toMatch(
      /EXTRA_AGENTS: unknown agent 'codex;touch\$\{IFS\}\/tmp\/pwned'/,
    );
    expect(await engine.imageExists('ccr-it-default:bad-agents')).toBe(false);
  }, 600_000);

  describe('other image sources', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ccr-it-custom-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('uses a local image as is when buildImage is false (root image → user null)', async () => {
      const res = await ensureImage(engine, {
        ...options,
        config: { ...config, buildImage: false, dockerImage: TEST_BASE_IMAGE },
      });
      expect(res).toEqual({ image: TEST_BASE_IMAGE, built: false, user: null, recipe: null });
    });

    it('builds a custom Dockerfile FROM the default image with its folder as context, and rebuilds when a context file changes', async () => {
      await writeFile(
        join(dir, 'custom.Dockerfile'),
        `FROM ${DEFAULT_IMAGE}\nCOPY hello.txt /home/claude/hello.txt\nRUN cat /home/claude/hello.txt\n`,
      );
      await writeFile(join(dir, 'hello.txt'), 'first\n');
      const custom = {
        ...config,
        dockerImage: DEFAULT_IMAGE,
        dockerfile: join(dir, 'custom.Dockerfile'),
      };
      const first = await ensureImage(engine, { ...options, config: custom });
      extraTags.push(first.image);
      expect(first.image).toMatch(new RegExp(`^${CUSTOM_IMAGE_REPO}:[0-9a-f]{12}$`));
      expect(first.user).toBe('claude');
      expect(await run(first.image, 'claude', ['cat', '/home/claude/hello.txt'])).toBe('first\n');
      expect((await ensureImage(engine, { ...options, config: custom })).built).toBe(false);

      await writeFile(join(dir, 'hello.txt'), 'second\n');
      const second = await ensureImage(engine, { ...options, config: custom });
      extraTags.push(second.image);
      expect(second.built).toBe(true);
      expect(await run(second.image, 'claude', ['cat', '/home/claude/hello.txt'])).toBe('second\n');
    }, 600_000);
  });
});
