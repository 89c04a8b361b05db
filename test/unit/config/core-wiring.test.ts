import { afterEach, beforeEach, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/main/core';
import { makeFixture, type Fixture } from './fixture';

let fx: Fixture;
let core: Core | undefined;
beforeEach(() => {
  fx = makeFixture();
});
afterEach(async () => {
  await core?.dispose();
  fx.cleanup();
});

it('the core answers readConfig and validateConfig with the user file from its homeDir', async () => {
  const user = fx.userConfig({ containerPrefix: 'mine', environment: { SECRET_KEY: 'v' } });
  core = await createCore({
    dataDir: fx.root,
    mode: 'web',
    version: '0.0.0',
    env: {},
    homeDir: fx.home,
  });
  const ctx = { transport: 'local' as const, signal: new AbortController().signal };
  const read = await core.handlers.readConfig({ projectDir: fx.project }, ctx);
  expect(read).toMatchObject({
    ok: true,
    sources: [user],
    config: { containerPrefix: 'mine', environment: { SECRET_KEY: '••••' } },
  });
  const v = await core.handlers.validateConfig(
    { projectDir: fx.project, text: '{"autoPush": 1}' },
    ctx,
  );
  expect(v).toMatchObject({
    ok: false,
    issues: [{ path: 'autoPush', message: 'expected true or false, got a whole number' }],
  });
});
