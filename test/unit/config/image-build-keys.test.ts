/**
 * `baseImage` and `buildArgs`: a user behind a firewall points the bundled recipe at their own
 * mirror without copying docker/. Checked: the keys load (user file merged with project file),
 * bad values get a clear message, a project file's values wait for trust (they pull code from
 * elsewhere), and what reaches the build and the recipe hash.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultBuildArgs } from '../../../src/main/image/ensure-image';
import { recipeHash } from '../../../src/main/image/recipe';
import { makeFixture, type Fixture } from './fixture';

let fx: Fixture;
afterEach(() => fx.cleanup());

describe('baseImage and buildArgs in the config', () => {
  beforeEach(() => {
    fx = makeFixture();
  });

  it('load, with buildArgs merged per name across files', async () => {
    fx.userConfig({
      baseImage: 'mirror.example.com:5000/library/node:22-bookworm-slim',
      buildArgs: { NODE_VERSION: '22.12.0', AGENT_UID: '1000' },
    });
    fx.projectConfig({ buildArgs: { AGENT_UID: '1234' } });
    const r = await fx.load();
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.config.baseImage).toBe('mirror.example.com:5000/library/node:22-bookworm-slim');
    expect(r.config.buildArgs).toEqual({ NODE_VERSION: '22.12.0', AGENT_UID: '1234' });
  });

  it('default to the recipe’s own base and no arguments', async () => {
    const r = await fx.load();
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.config.baseImage).toBeUndefined();
    expect(r.config.buildArgs).toEqual({});
  });

  it.each([
    [{ baseImage: '--build-arg=x' }, 'baseImage', 'image reference'],
    [{ baseImage: 'node 22' }, 'baseImage', 'image reference'],
    [{ buildArgs: { '1X': 'a' } }, 'buildArgs', 'build argument name'],
    [{ buildArgs: { APP_VERSION: '9' } }, 'buildArgs', 'set by the app'],
    [{ buildArgs: { AGENT_UID: 1234 } }, 'buildArgs', 'quote numbers'],
  ])('refuse %j with a message about %s', async (values, key, text) => {
    fx.userConfig(values);
    const r = await fx.load();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const issue = r.issues.find((i) => i.path.startsWith(key));
    expect(issue?.message).toContain(text);
  });
});

describe('from a project file', () => {
  beforeEach(() => {
    fx = makeFixture({ trusted: false });
  });

  it('wait for trust, then apply', async () => {
    fx.projectConfig({ baseImage: 'evil.example/base:1', buildArgs: { NODE_VERSION: '1' } });
    const r = await fx.load();
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.config.baseImage).toBeUndefined();
    expect(r.config.buildArgs).toEqual({});
    const waiting = r.untrusted?.settings ?? [];
    expect(waiting.map((s) => s.key).sort()).toEqual(['baseImage', 'buildArgs']);
    expect(waiting.find((s) => s.key === 'baseImage')?.value).toBe('evil.example/base:1');
    expect(waiting.find((s) => s.key === 'baseImage')?.why).toMatch(/base image/);

    await fx.trustProject();
    const trusted = await fx.load();
    if (!trusted.ok) throw new Error('expected ok');
    expect(trusted.config.baseImage).toBe('evil.example/base:1');
    expect(trusted.config.buildArgs).toEqual({ NODE_VERSION: '1' });
  });
});

describe('the bundled recipe’s build arguments', () => {
  it('carry baseImage as BASE_IMAGE and the config’s arguments; the app version stays the app’s', () => {
    expect(
      defaultBuildArgs(
        { baseImage: 'mirror/node:22', buildArgs: { BASE_IMAGE: 'ignored', NPM_VERSION: '10' } },
        '1.2.3',
      ),
    ).toEqual({ BASE_IMAGE: 'mirror/node:22', NPM_VERSION: '10', APP_VERSION: '1.2.3' });
    expect(defaultBuildArgs({ buildArgs: { BASE_IMAGE: 'mine' } }, '1')).toEqual({
      BASE_IMAGE: 'mine',
      APP_VERSION: '1',
    });
    expect(defaultBuildArgs({}, '1', { APP_VERSION: 'x' })).toEqual({ APP_VERSION: '1' });
  });

  it('change the recipe hash, so a changed mirror or argument rebuilds the image', () => {
    const hash = (args: Record<string, string>) =>
      recipeHash({
        dockerfile: 'Dockerfile',
        context: [],
        buildArgs: args,
        caFingerprints: [],
        appVersion: '1',
      });
    const plain = hash(defaultBuildArgs({}, '1'));
    const mirrored = hash(defaultBuildArgs({ baseImage: 'mirror/node:22' }, '1'));
    const uid = hash(defaultBuildArgs({ buildArgs: { AGENT_UID: '1234' } }, '1'));
    expect(new Set([plain, mirrored, uid]).size).toBe(3);
  });
});
