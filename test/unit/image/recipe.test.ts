import { cp, mkdir, mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LABELS } from '../../../src/main/engine/labels';
import { defaultDockerDir } from '../../../src/main/image/docker-dir';
import {
  contextDigest,
  decideBuild,
  recipeHash,
  type RecipeInputs,
} from '../../../src/main/image/recipe';

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ccr-recipe-test-'));
  temps.push(dir);
  return dir;
}
afterEach(async () => {
  for (const d of temps.splice(0)) await rm(d, { recursive: true, force: true });
});

const base: RecipeInputs = {
  dockerfile: 'Dockerfile',
  context: [
    { path: 'Dockerfile', digest: 'a' },
    { path: 'install-node.py', digest: 'b' },
  ],
  buildArgs: { BASE_IMAGE: 'debian:bookworm-slim', APP_VERSION: '1.0.0' },
  caFingerprints: ['f1', 'f2'],
  appVersion: '1.0.0',
};

describe('recipeHash', () => {
  it('does not depend on the order of files, build arguments or certificates', () => {
    const shuffled: RecipeInputs = {
      ...base,
      context: [...base.context].reverse(),
      buildArgs: { APP_VERSION: '1.0.0', BASE_IMAGE: 'debian:bookworm-slim' },
      caFingerprints: ['f2', 'f1'],
    };
    expect(recipeHash(shuffled)).toBe(recipeHash(base));
  });

  it.each<[string, Partial<RecipeInputs>]>([
    [
      'a context file changes',
      { context: [{ path: 'Dockerfile', digest: 'a2' }, base.context[1]!] },
    ],
    ['a file is added', { context: [...base.context, { path: 'extra.sh', digest: 'c' }] }],
    [
      'a build argument changes',
      { buildArgs: { ...base.buildArgs, BASE_IMAGE: 'node:22-bookworm-slim' } },
    ],
    ['a CA certificate is added', { caFingerprints: ['f1', 'f2', 'f3'] }],
    ['the app version changes', { appVersion: '1.0.1' }],
    ['the base image recipe changes', { baseRecipe: 'other' }],
  ])('changes when %s', (_what, change) => {
    expect(recipeHash({ ...base, ...change })).not.toBe(recipeHash(base));
  });
});

describe('contextDigest', () => {
  it('covers file contents, honours .dockerignore and skips .git', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\n');
    await writeFile(join(dir, '.dockerignore'), 'node_modules\n*.log\n');
    await mkdir(join(dir, 'node_modules'));
    await writeFile(join(dir, 'node_modules', 'big.js'), 'x');
    await writeFile(join(dir, 'debug.log'), 'x');
    await mkdir(join(dir, '.git'));
    await writeFile(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    await writeFile(join(dir, 'app.txt'), 'one');
    const first = await contextDigest(dir, 'Dockerfile');
    expect(first.map((e) => e.path).sort()).toEqual(['.dockerignore', 'Dockerfile', 'app.txt']);

    await writeFile(join(dir, 'node_modules', 'big.js'), 'changed');
    await writeFile(join(dir, '.git', 'HEAD'), 'ref: refs/heads/other\n');
    expect(await contextDigest(dir, 'Dockerfile')).toEqual(first);

    await writeFile(join(dir, 'app.txt'), 'two');
    expect(await contextDigest(dir, 'Dockerfile')).not.toEqual(first);
  });

  it('gives the shipped recipe a new hash when its Dockerfile is edited', async () => {
    const dir = await tempDir();
    await cp(defaultDockerDir(), dir, { recursive: true });
    const hash = async () =>
      recipeHash({ ...base, context: await contextDigest(dir, 'Dockerfile') });
    const before = await hash();
    expect(await hash()).toBe(before);
    await appendFile(join(dir, 'Dockerfile'), 'RUN echo changed\n');
    expect(await hash()).not.toBe(before);
  });
});

describe('decideBuild', () => {
  const current = { [LABELS.recipe]: 'abc' };
  it('builds a missing image', () => {
    expect(decideBuild(null, 'abc')).toEqual({ action: 'build', reason: 'missing' });
  });
  it('uses an image whose recipe label matches', () => {
    expect(decideBuild(current, 'abc')).toEqual({ action: 'use' });
  });
  it('rebuilds a stale image whose recipe changed', () => {
    expect(decideBuild(current, 'def')).toEqual({ action: 'build', reason: 'recipe-changed' });
  });
  it('rebuilds an image of that name the app did not build', () => {
    expect(decideBuild({ maintainer: 'someone' }, 'abc')).toEqual({
      action: 'build',
      reason: 'not-built-by-app',
    });
  });
  it('rebuilds a current image when forced', () => {
    expect(decideBuild(current, 'abc', true)).toEqual({ action: 'build', reason: 'forced' });
  });
});
