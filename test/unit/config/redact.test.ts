import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { methods } from '../../../src/shared/contract';
import { configHandlers } from '../../../src/main/config/handlers';
import { REDACTED, redactConfig } from '../../../src/main/config/redact';
import { makeFixture, type Fixture } from './fixture';

let fx: Fixture;
beforeEach(() => {
  fx = makeFixture();
});
afterEach(() => fx.cleanup());

const ctx = { transport: 'local' as const, signal: new AbortController().signal };
const handlers = () => configHandlers({ env: {}, homeDir: fx.home, platform: 'linux' });

describe('redaction', () => {
  it('readConfig shows secrets as •••• and everything else as is', async () => {
    fx.write('project/.env', 'HARMLESS=visible-in-file\nOTHER=x\n');
    fx.projectConfig({
      envFile: '.env',
      environment: {
        GITHUB_TOKEN: 'ghp_secret',
        OPENAI_API_KEY: 'sk-secret',
        DB_PASSWORD: 'pw-secret',
        AWS_SECRET_ACCESS_KEY: 'aws-secret',
        MY_CREDENTIALS: 'cred-secret',
        BASIC_AUTH: 'auth-secret',
        DATABASE_URL: 'postgres://user:url-secret@db:5432/app',
        NODE_ENV: 'development',
      },
      setupCommands: ['git clone https://bot:cmd-secret@example.com/r.git'],
    });
    await fx.trustProject();
    const r = await handlers().readConfig({ projectDir: fx.project }, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.environment).toEqual({
      GITHUB_TOKEN: REDACTED,
      OPENAI_API_KEY: REDACTED,
      DB_PASSWORD: REDACTED,
      AWS_SECRET_ACCESS_KEY: REDACTED,
      MY_CREDENTIALS: REDACTED,
      BASIC_AUTH: REDACTED,
      DATABASE_URL: `postgres://user:${REDACTED}@db:5432/app`,
      NODE_ENV: 'development',
    });
    expect(r.config.envFileVars).toEqual({ HARMLESS: REDACTED, OTHER: REDACTED });
    expect(JSON.stringify(r)).not.toMatch(/secret|visible-in-file/);
    // The payload satisfies the contract's output schema.
    expect(methods.readConfig.output.safeParse(r).success).toBe(true);
  });

  it('loadConfig keeps the real values (the container needs them); redactConfig does not mutate', async () => {
    fx.projectConfig({ environment: { API_TOKEN: 't' } });
    await fx.trustProject();
    const { loadConfig } = await import('../../../src/main/config/load');
    const r = await loadConfig({
      projectDir: fx.project,
      env: {},
      homeDir: fx.home,
      platform: 'linux',
    });
    if (!r.ok) throw new Error('expected ok');
    const shown = redactConfig(r.config);
    expect(shown.environment.API_TOKEN).toBe(REDACTED);
    expect(r.config.environment.API_TOKEN).toBe('t');
  });
});

describe('validateConfig', () => {
  it('validates editor text as the project file, layered over the user file', async () => {
    fx.projectConfig({ autoPush: 'on disk, not checked' });
    const h = handlers();
    expect(
      await h.validateConfig({ projectDir: fx.project, text: '{ "autoPush": true }' }, ctx),
    ).toEqual({
      ok: true,
      issues: [],
    });
    const bad = await h.validateConfig(
      { projectDir: fx.project, text: '{\n  "autoPsh": true\n}' },
      ctx,
    );
    expect(bad).toEqual({
      ok: false,
      issues: [
        {
          file: `${fx.project}/claude-run.config.json`,
          path: 'autoPsh',
          message: 'unknown key "autoPsh"; did you mean "autoPush"?',
          line: 2,
          column: 3,
        },
      ],
    });
    // A reference the text makes (envFile) is checked like the real file's would be.
    const missing = await h.validateConfig(
      { projectDir: fx.project, text: '{"envFile": ".env"}' },
      ctx,
    );
    expect(missing.issues).toMatchObject([
      { path: 'envFile', message: expect.stringMatching(/does not exist/) },
    ]);
  });

  it('includes the user file: its problems show unless the text overrides them', async () => {
    const user = fx.userConfig({ envFile: 'gone.env' });
    fx.write('project/.env', 'A=1\n');
    const h = handlers();
    const r = await h.validateConfig({ projectDir: fx.project, text: '{}' }, ctx);
    expect(r).toMatchObject({ ok: false, issues: [{ file: user, path: 'envFile' }] });
    const fixed = await h.validateConfig(
      { projectDir: fx.project, text: '{"envFile": ".env"}' },
      ctx,
    );
    expect(fixed).toEqual({ ok: true, issues: [] });
  });

  it('readConfig reports a bad file as ok:false with its issues', async () => {
    fx.projectConfig('{ "detached": }');
    const r = await handlers().readConfig({ projectDir: fx.project }, ctx);
    expect(r).toMatchObject({ ok: false, issues: [{ path: '', line: 1, column: 15 }] });
  });
});
