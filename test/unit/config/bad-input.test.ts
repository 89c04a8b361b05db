import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigIssue } from '../../../src/shared/schemas/config';
import { makeFixture, type Fixture } from './fixture';

let fx: Fixture;
beforeEach(() => {
  fx = makeFixture();
});
afterEach(() => fx.cleanup());

async function issuesOf(): Promise<ConfigIssue[]> {
  const r = await fx.load();
  if (r.ok) throw new Error(`expected ok:false, got a config from ${r.sources.join(', ')}`);
  return r.issues;
}

describe('bad config input: each issue names the file, the key path and what is expected', () => {
  it('malformed JSON reports line and column', async () => {
    const file = fx.projectConfig('{\n  "autoPush": true,\n  "detached": false,\n}\n');
    expect(await issuesOf()).toEqual([
      {
        file,
        path: '',
        message: expect.stringMatching(/invalid JSON: trailing comma/),
        line: 4,
        column: 1,
      },
    ]);
  });

  it('malformed JSON does not quote the file content (it may hold a secret)', async () => {
    fx.projectConfig('{"environment": {"API_TOKEN": "sk-secret-value" "X": "y"}}');
    const [issue] = await issuesOf();
    expect(issue).toMatchObject({
      line: 1,
      column: 49,
      message: 'invalid JSON: expected "," or "}" after a property value',
    });
    expect(JSON.stringify(issue)).not.toContain('sk-secret');
  });

  it('unknown keys get a did-you-mean when close, at their line and column', async () => {
    const file = fx.projectConfig(
      '{\n  "dockerImg": "x",\n  "resources": { "memroy": "1g" },\n  "zzzzzz": 1\n}',
    );
    const issues = await issuesOf();
    expect(issues).toEqual(
      expect.arrayContaining([
        {
          file,
          path: 'dockerImg',
          message: 'unknown key "dockerImg"; did you mean "dockerImage"?',
          line: 2,
          column: 3,
        },
        {
          file,
          path: 'resources.memroy',
          message: expect.stringContaining('did you mean "memory"?'),
          line: 3,
          column: 18,
        },
        {
          file,
          path: 'zzzzzz',
          message: expect.stringMatching(/^unknown key "zzzzzz"; see docs\/config.md/),
          line: 4,
          column: 3,
        },
      ]),
    );
    expect(issues).toHaveLength(3);
  });

  it('wrong types say what was expected and what was found, without the value', async () => {
    const file = fx.projectConfig({
      autoPush: 'yes',
      environment: { PORT: 3000 },
      resources: { pids: 1.5 },
      setupCommands: 'npm install',
      mounts: [{ target: '/x' }],
      maxThinkingTokens: 0,
    });
    const issues = await issuesOf();
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(byPath.autoPush).toMatchObject({
      file,
      message: 'expected true or false, got a string',
      line: 2,
    });
    expect(byPath['environment.PORT']?.message).toBe(
      'expected a string (quote numbers: "3000"), got a whole number',
    );
    expect(byPath['resources.pids']?.message).toMatch(/expected a whole number/);
    expect(byPath.setupCommands?.message).toBe('expected an array, got a string');
    expect(byPath['mounts[0].source']?.message).toBe('missing; expected a string');
    expect(byPath.maxThinkingTokens?.message).toBe('expected a whole number above 0');
    // Reported top to bottom, as the file reads.
    expect(issues.map((i) => i.line)).toEqual(
      [...issues.map((i) => i.line)].sort((a, b) => a! - b!),
    );
    expect(issues).toHaveLength(6);
  });

  it('rejects bad env var names, container prefixes, memory sizes and volume strings', async () => {
    fx.projectConfig({
      environment: { '1BAD': 'x', 'with-dash': 'y' },
      containerPrefix: 'my project',
      resources: { memory: 'lots' },
      volumes: ['/only-one-part', '/a:/b:rx'],
      network: '-bad',
      pushRemote: '--upload-pack=x',
    });
    const paths = (await issuesOf()).map((i) => `${i.path}: ${i.message}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^environment\["1BAD"\]: invalid key name: expected an environment variable name/,
        ),
        expect.stringMatching(/^environment\["with-dash"\]: invalid key name/),
        expect.stringMatching(/^containerPrefix: expected a container-name prefix made of letters/),
        expect.stringMatching(/^resources\.memory: expected a size from 6m to 256g, like "512m"/),
        'volumes[0]: expected "host:container" or "host:container:ro|rw"',
        'volumes[1]: expected the mode "ro" or "rw" after the second colon, got "rx"',
        expect.stringMatching(/^network: expected a network name/),
        'pushRemote: expected a git remote name like "origin"',
      ]),
    );
    expect(paths).toHaveLength(8);
  });

  it('relative mount targets may not escape /workspace, nor hide it', async () => {
    fx.write('project/data/.keep', '');
    const file = fx.projectConfig({
      mounts: [
        { source: './data', target: '../etc' },
        { source: './data', target: 'a/../../x' },
        { source: './data', target: '.' },
      ],
      volumes: ['./data:../../root'],
    });
    const issues = await issuesOf();
    expect(issues.map((i) => [i.file, i.path])).toEqual([
      [file, 'mounts[0].target'],
      [file, 'mounts[1].target'],
      [file, 'mounts[2].target'],
      [file, 'volumes[0]'],
    ]);
    expect(issues[0]!.message).toBe(
      'expected a relative target that stays inside /workspace, but "../etc" leaves it',
    );
    expect(issues[2]!.message).toMatch(/would hide the repository/);
  });

  it('an envFile that does not exist is an error naming the config file that set it', async () => {
    const user = fx.userConfig({ envFile: 'secrets.env' });
    const issues = await issuesOf();
    expect(issues).toEqual([
      {
        file: user,
        path: 'envFile',
        message: `${path.join(fx.userConfigDir, 'secrets.env')} does not exist; expected an env file (KEY=VALUE lines)`,
        line: 2,
        column: 3,
      },
    ]);
  });

  it('an overridden bad value in a lower layer is not reported', async () => {
    fx.userConfig({ envFile: 'missing.env' });
    fx.write('project/.env', 'A=1\n');
    fx.projectConfig({ envFile: '.env' });
    const r = await fx.load();
    expect(r).toMatchObject({ ok: true, config: { envFileVars: { A: '1' } } });
  });

  it('a dockerfile that does not exist is an error', async () => {
    const file = fx.projectConfig({ dockerfile: './custom.Dockerfile' });
    expect(await issuesOf()).toEqual([
      expect.objectContaining({
        file,
        path: 'dockerfile',
        message: expect.stringMatching(/custom\.Dockerfile does not exist; expected a Dockerfile$/),
      }),
    ]);
  });

  it('extraCaCertificates must exist and be PEM certificates', async () => {
    fx.write('project/not-pem.crt', 'hello');
    fx.write(
      'project/ok.crt',
      '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n',
    );
    const file = fx.projectConfig({
      extraCaCertificates: ['ok.crt', 'missing.crt', 'not-pem.crt'],
    });
    const issues = await issuesOf();
    expect(issues.map((i) => [i.file, i.path])).toEqual([
      [file, 'extraCaCertificates[1]'],
      [file, 'extraCaCertificates[2]'],
    ]);
    expect(issues[0]!.message).toMatch(
      /missing\.crt does not exist; expected a PEM certificate file/,
    );
    expect(issues[1]!.message).toMatch(/not-pem\.crt is not a PEM certificate/);
  });

  it('a missing mount source and an engine socket mount are refused', async () => {
    fx.write('project/docker.sock', '');
    fx.projectConfig({
      mounts: [
        { source: './nope', target: 'x' },
        { source: './docker.sock', target: '/var/run/docker.sock' },
      ],
    });
    const issues = await issuesOf();
    expect(issues.map((i) => i.path)).toEqual(['mounts[0]', 'mounts[1]']);
    expect(issues[0]!.message).toMatch(/nope does not exist/);
    expect(issues[1]!.message).toMatch(/allowEngineSocketMount/);
  });

  it('issues of both files are all returned, never a silent fallback to defaults', async () => {
    const user = fx.userConfig('{ "autoPush": tru }');
    const project = fx.projectConfig({ detached: 'no' });
    const issues = await issuesOf();
    expect(issues.map((i) => [i.file, i.path])).toEqual([
      [user, ''],
      [project, 'detached'],
    ]);
  });

  it('flags duplicate keys, a non-object top level, comments and an empty file', async () => {
    const file = fx.projectConfig('{"autoPush": true, "autoPush": false}');
    expect(await issuesOf()).toEqual([
      {
        file,
        path: 'autoPush',
        message: expect.stringMatching(/^duplicate key/),
        line: 1,
        column: 20,
      },
    ]);
    fx.projectConfig('[]');
    expect((await issuesOf())[0]!.message).toBe('expected a JSON object { … } at the top level');
    fx.projectConfig('{\n  // a comment\n}');
    expect(await issuesOf()).toMatchObject([
      { message: 'invalid JSON: comments are not allowed in JSON', line: 2, column: 3 },
    ]);
    fx.projectConfig('');
    expect((await issuesOf())[0]!.message).toMatch(/the file is empty/);
  });

  it('"~name" paths are refused with a hint', async () => {
    fx.projectConfig({ envFile: '~other/.env' });
    expect((await issuesOf())[0]).toMatchObject({
      path: 'envFile',
      message: expect.stringMatching(/~name.*not supported/),
    });
  });
});

describe('includeIgnored globs stay inside the repository', () => {
  it('refuses absolute globs and ".." segments', async () => {
    fx.projectConfig({
      includeIgnored: ['.env.local', '/etc/passwd', '../other/**', 'a/../../b', 'ok/**/*.key'],
    });
    const r = await fx.load();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual([
      'includeIgnored[1]',
      'includeIgnored[2]',
      'includeIgnored[3]',
    ]);
    expect(r.issues[0]!.message).toMatch(/relative to the repository root/);
  });
});
