/**
 * Pulls and builds from a private registry on the real engines: a fake registry on 127.0.0.1
 * that demands HTTP Basic auth (registry-fixture.ts), credentials read from a temp home the way
 * `docker login` / `podman login` leave them. The secret is a canary no message may contain.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import { connectEngineAt } from '../../src/main/engine';
import type { Engine } from '../../src/main/engine/types';
import { describeEachEngine, TEST_BASE_IMAGE } from '../helpers/engines';
import { RUN } from './engine-fixture';
import { startFakeRegistry, type FakeRegistry } from './registry-fixture';

const USER = 'ccr-test';
const PASSWORD = `pw-CANARY-${RUN}`;
const REPO = 'test/img';
const b64 = (s: string) => Buffer.from(s).toString('base64');

async function put(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

describeEachEngine('registry credentials', (te) => {
  let root: string;
  let registry: FakeRegistry;
  const tags: string[] = [];
  /** The fixture's engine and the tags it pulled, removed in afterAll. */
  let cleaner: Engine | undefined;

  /** An engine whose credential lookup sees only `home` (and no XDG/DOCKER_CONFIG of ours). */
  const engineWithHome = async (home: string): Promise<Engine> =>
    connectEngineAt(te.address, {
      source: 'test',
      env: { PATH: process.env.PATH, XDG_RUNTIME_DIR: join(home, 'run') },
      homeDir: home,
    });

  /** Home with credentials where the engine's own login tool writes them. */
  const homeWith = async (name: string, user: string, password: string): Promise<string> => {
    const home = join(root, name);
    const auths = JSON.stringify({
      auths: { [registry.host]: { auth: b64(`${user}:${password}`) } },
    });
    if (te.name === 'docker') await put(join(home, '.docker', 'config.json'), auths);
    else await put(join(home, '.config', 'containers', 'auth.json'), auths);
    return home;
  };

  const pullFailure = async (engine: Engine, ref: string): Promise<AppError> => {
    const err = await engine.pullImage(ref).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    if (/http response to https client/i.test(e.message)) {
      throw new Error(
        `${te.name} refuses plain HTTP from ${registry.host}: it was started without scripts/engines/registries.conf; restart it with scripts/engines.sh stop && scripts/engines.sh start`,
      );
    }
    return e;
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ccr-it-registry-'));
    cleaner = await engineWithHome(join(root, 'empty'));
    registry = await startFakeRegistry(cleaner, TEST_BASE_IMAGE, {
      user: USER,
      password: PASSWORD,
      repo: REPO,
      label: RUN,
    });
  }, 120_000);

  afterAll(async () => {
    for (const tag of tags)
      await cleaner?.docker
        .getImage(tag)
        .remove({ force: true })
        .catch(() => undefined);
    await registry?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('an anonymous pull fails with a hint to log in to that registry', async () => {
    const ref = `${registry.host}/${REPO}:anon`;
    tags.push(ref);
    const engine = await engineWithHome(join(root, 'empty'));
    const err = await pullFailure(engine, ref);
    expect(err.code).toBe('pull-failed');
    expect(err.message).toContain(`the registry refused access to ${ref}`);
    expect(err.hint).toContain(`no credentials for ${registry.host} were found`);
    expect(err.hint).toContain(`\`${te.name} login ${registry.host}\``);
    expect(registry.refused.length).toBeGreaterThan(0);
    expect(await engine.imageExists(ref)).toBe(false);
  }, 60_000);

  it('wrong stored credentials: the hint names the file they came from, never the password', async () => {
    const ref = `${registry.host}/${REPO}:wrong`;
    tags.push(ref);
    const wrong = `wrong-${PASSWORD}`;
    const home = await homeWith('wrong', USER, wrong);
    const err = await pullFailure(await engineWithHome(home), ref);
    expect(err.code).toBe('pull-failed');
    expect(err.hint).toMatch(/came from .*(config|auth)\.json \(auths\) and were refused/);
    expect(err.hint).toContain(home);
    expect(`${err.message}\n${err.hint}`).not.toContain(wrong);
  }, 60_000);

  it('pulls with the credentials `docker login` / `podman login` stored', async () => {
    const ref = `${registry.host}/${REPO}:1`;
    tags.push(ref);
    const before = registry.authorized.length;
    const engine = await engineWithHome(await homeWith('right', USER, PASSWORD));
    await engine.pullImage(ref);
    expect(await engine.imageExists(ref)).toBe(true);
    expect(await engine.imageLabels(ref)).toMatchObject({ 'dev.claude-code-runner.test': RUN });
    expect(registry.authorized.slice(before)).toContain(`/v2/${REPO}/manifests/1`);
  }, 120_000);

  it('builds FROM the private registry with the stored credentials', async () => {
    const from = `${registry.host}/${REPO}:build`;
    const tag = `ccr-it-registry-build:${RUN}`;
    tags.push(from, tag);
    const ctx = join(root, 'ctx');
    await put(join(ctx, 'Dockerfile'), `FROM ${from}\nLABEL dev.claude-code-runner.built=${RUN}\n`);
    const before = registry.authorized.length;
    const engine = await engineWithHome(await homeWith('build', USER, PASSWORD));
    await engine.buildImage({ contextDir: ctx, dockerfile: 'Dockerfile', tag });
    expect(await engine.imageLabels(tag)).toMatchObject({
      'dev.claude-code-runner.test': RUN,
      'dev.claude-code-runner.built': RUN,
    });
    expect(registry.authorized.slice(before)).toContain(`/v2/${REPO}/manifests/build`);
  }, 120_000);

  it('a build FROM the private registry without credentials says how to log in', async () => {
    const from = `${registry.host}/${REPO}:build-anon`;
    const tag = `ccr-it-registry-build-anon:${RUN}`;
    tags.push(from, tag);
    const ctx = join(root, 'ctx-anon');
    await put(join(ctx, 'Dockerfile'), `FROM ${from}\n`);
    const engine = await engineWithHome(join(root, 'empty'));
    const err = await engine.buildImage({ contextDir: ctx, dockerfile: 'Dockerfile', tag }).then(
      () => null,
      (e: unknown) => e as AppError,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err?.code).toBe('build-failed');
    expect(err?.hint).toContain(`\`${te.name} login ${registry.host}\``);
  }, 120_000);
});
