import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  allowForProject,
  compileAllowlist,
  expandPolicy,
  networkPlan,
  projectAllowFor,
} from '../../../src/main/network/policy';
import { makeFixture, type Fixture } from '../config/fixture';

let fx: Fixture;
const host = (folder = fx.project) => ({
  env: {},
  homeDir: fx.home,
  platform: 'linux' as const,
  folder,
});
const userFile = () => path.join(fx.userConfigDir, 'config.json');

beforeEach(() => {
  fx = makeFixture({ trusted: false });
});
afterEach(() => fx.cleanup());

describe('"Always allow for this project"', () => {
  it("writes the user-level file (creating it), and the folder's later sessions allow the host", async () => {
    await allowForProject({ ...host(), pattern: 'Downloads.Example.com' });
    await allowForProject({ ...host(), pattern: 'downloads.example.com' }); // once only
    await allowForProject({ ...host(`${fx.project}/`), pattern: 'cdn.example.com:8443' });
    const written = JSON.parse(readFileSync(userFile(), 'utf8')) as Record<string, unknown>;
    expect(written).toEqual({
      projectNetworkAllow: { [fx.project]: ['downloads.example.com', 'cdn.example.com:8443'] },
    });
    // The repository's own file is not touched (it does not even exist).
    expect(() => readFileSync(path.join(fx.project, 'claude-run.config.json'))).toThrow();

    const r = await fx.load();
    expect(r.ok).toBe(true);
    const plan = await networkPlan(host());
    expect(plan.policy).toMatchObject({
      allow: ['downloads.example.com', 'cdn.example.com:8443'],
    });
    const allow = await expandPolicy({ egress: 'allowlist', allow: [], presets: [] }, host());
    expect(compileAllowlist(allow).allows('downloads.example.com', 443)).toBe(true);
    expect(compileAllowlist(allow).allows('cdn.example.com', 8443)).toBe(true);

    // Another folder gets none of it.
    const other = path.join(fx.root, 'other');
    expect(await projectAllowFor(host(other))).toEqual([]);
    const otherAllow = await expandPolicy(
      { egress: 'allowlist', allow: [], presets: [] },
      host(other),
    );
    expect(compileAllowlist(otherAllow).allows('downloads.example.com', 443)).toBe(false);
  });

  it("keeps the user's other settings, and adds to the user's own allowlist", async () => {
    fx.userConfig({
      network: { egress: 'allowlist', allow: ['a.example'], presets: ['npm'] },
      resources: { memory: '8g' },
    });
    await allowForProject({ ...host(), pattern: 'b.example' });
    const r = await fx.load();
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.config.resources.memoryBytes).toBe(8 * 1024 ** 3);
    const plan = await networkPlan(host());
    expect(plan).toMatchObject({
      policy: { egress: 'allowlist', allow: ['a.example', 'b.example'], presets: ['npm'] },
      source: 'user',
    });
  });

  it('refuses a bad pattern, and a broken user file is left as it is', async () => {
    await expect(allowForProject({ ...host(), pattern: 'not a host' })).rejects.toThrow(
      /not a host/,
    );
    fx.userConfig('{ "network": ');
    await expect(allowForProject({ ...host(), pattern: 'x.example' })).rejects.toThrow(
      /not a valid JSON object/,
    );
    expect(readFileSync(userFile(), 'utf8')).toBe('{ "network": ');
  });

  it('two answers at once both land', async () => {
    await Promise.all(
      ['one.example', 'two.example', 'three.example'].map((pattern) =>
        allowForProject({ ...host(), pattern }),
      ),
    );
    expect((await projectAllowFor(host())).sort()).toEqual([
      'one.example',
      'three.example',
      'two.example',
    ]);
  });

  it('a project file may not grant itself hosts this way', async () => {
    fx.projectConfig({ projectNetworkAllow: { [fx.project]: ['evil.example'] } });
    const r = await fx.load();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({
      path: 'projectNetworkAllow',
      message: expect.stringMatching(/only the user-level config/),
    });
  });
});
