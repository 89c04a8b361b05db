/**
 * A user behind a firewall points the bundled recipe at their own base image and sets a build
 * argument through the config (`baseImage`, `buildArgs`), without copying docker/: built for
 * real on each engine from the offline test base, the image starts from that base, the argument
 * shows in the image, and the extra CA certificates still apply.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectEngineAt } from '../../src/main/engine/connect';
import type { Engine } from '../../src/main/engine/types';
import { CA_LABEL } from '../../src/main/image/ca-certs';
import { ensureImage, type ImageConfig } from '../../src/main/image/ensure-image';
import { describeEachEngine, TEST_BASE_IMAGE } from '../helpers/engines';

const HOST_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const TAG = 'ccr-it-base-image:latest';
const RUN_LABEL = 'dev.claude-code-runner.test';

const config: ImageConfig = {
  dockerImage: TAG,
  buildImage: true,
  dockerfile: undefined,
  extraCaCertificates: existsSync(HOST_BUNDLE) ? [HOST_BUNDLE] : [],
  network: 'default',
  baseImage: TEST_BASE_IMAGE,
  buildArgs: { AGENT_UID: '1234' },
};

describeEachEngine('default image from the config’s baseImage and buildArgs', (te) => {
  let engine: Engine;
  let result: Awaited<ReturnType<typeof ensureImage>>;
  const containers: string[] = [];

  beforeAll(async () => {
    engine = await connectEngineAt(te.address);
    const started = Date.now();
    // No buildArgs from the caller: BASE_IMAGE comes from the config alone.
    result = await ensureImage(engine, {
      config,
      projectDir: process.cwd(),
      appVersion: '0.0.0-test',
    });
    console.log(
      `[${te.name}] ensureImage ${result.built ? 'built' : 'reused'} ${TAG} in ${((Date.now() - started) / 1000).toFixed(1)}s`,
    );
  }, 1_200_000);

  afterAll(async () => {
    for (const id of containers)
      await engine?.removeContainer(id, { force: true }).catch(() => undefined);
    await engine?.docker
      .getImage(TAG)
      .remove()
      .catch(() => undefined);
  });

  it('starts from the configured base image', async () => {
    const layers = async (image: string) =>
      ((await engine.docker.getImage(image).inspect()) as { RootFS: { Layers: string[] } }).RootFS
        .Layers;
    const base = await layers(TEST_BASE_IMAGE);
    expect((await layers(TAG)).slice(0, base.length)).toEqual(base);
  });

  it('has the build argument in the image, and the CA certificates still applied', async () => {
    const id = await engine.createContainer({
      name: `ccr-it-base-image-${te.name}-${Date.now()}`,
      image: result.image,
      labels: { [RUN_LABEL]: 'image' },
      env: {},
      user: 'claude',
      network: 'none',
    });
    containers.push(id);
    await engine.startContainer(id);
    const r = await engine.exec(id, { cmd: ['id', '-u'], user: 'claude' });
    expect(r.stdout.toString().trim()).toBe('1234');
    if (config.extraCaCertificates.length > 0)
      expect((await engine.imageLabels(TAG))?.[CA_LABEL]).toMatch(/^[0-9a-f]{16}$/);
  });
});
