import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PRESET_HOSTS,
  compileAllowlist,
  expandPolicy,
  networkPlan,
} from '../../../src/main/network/policy';
import { makeFixture, type Fixture } from '../config/fixture';

let fx: Fixture;
const host = () => ({ env: {}, homeDir: fx.home, platform: 'linux' as const, folder: fx.project });

beforeEach(() => {
  fx = makeFixture({ trusted: false });
});
afterEach(() => fx.cleanup());

describe('network plan', () => {
  it('with no config: an allowlist of what the project suggests', async () => {
    fx.write(path.join(fx.project, 'package.json'), '{}');
    execFileSync('git', ['init', '-q', fx.project]);
    execFileSync('git', ['-C', fx.project, 'remote', 'add', 'origin', 'https://github.com/a/b']);
    const plan = await networkPlan(host());
    expect(plan).toMatchObject({
      policy: { egress: 'allowlist', allow: [], presets: ['github', 'npm'] },
      detected: ['github', 'npm'],
      source: 'detected',
    });
    expect(plan.presetHosts.npm).toEqual(PRESET_HOSTS.npm);
    expect(Object.keys(plan.presetHosts)).toHaveLength(11);
  });

  it("the user's policy wins over the detection, and says so", async () => {
    fx.write(path.join(fx.project, 'package.json'), '{}');
    fx.userConfig({ network: { egress: 'allowlist', allow: ['Example.com'], presets: ['pypi'] } });
    const plan = await networkPlan(host());
    expect(plan).toMatchObject({
      policy: { egress: 'allowlist', allow: ['example.com'], presets: ['pypi'] },
      detected: ['npm'],
      source: 'user',
    });
    fx.userConfig({ network: 'default' });
    expect(await networkPlan(host())).toMatchObject({ policy: 'default', source: 'user' });
  });

  it("a project's narrower policy applies untrusted; a wider one waits for trust", async () => {
    fx.userConfig({ network: { egress: 'allowlist', presets: ['npm', 'github'] } });
    fx.projectConfig({ network: { egress: 'allowlist', presets: ['npm'] } });
    expect(await networkPlan(host())).toMatchObject({
      policy: { egress: 'allowlist', allow: [], presets: ['npm'] },
      source: 'project',
    });
    fx.projectConfig({ network: 'default' });
    expect(await networkPlan(host())).toMatchObject({
      policy: { egress: 'allowlist', presets: ['npm', 'github'] },
      source: 'user',
    });
    await fx.trustProject();
    expect(await networkPlan(host())).toMatchObject({ policy: 'default', source: 'project' });
  });

  it('a broken config stops the plan with the problem named', async () => {
    fx.userConfig({ network: { egress: 'allowlist', allow: ['not a host'] } });
    await expect(networkPlan(host())).rejects.toThrow(/network\.allow\[0\]: expected a host name/);
  });

  it('expands an allowlist: entries, preset hosts, the agent API, nothing else', async () => {
    const allow = await expandPolicy(
      { egress: 'allowlist', allow: ['files.example.com:8443'], presets: ['pypi'] },
      host(),
    );
    const list = compileAllowlist(allow);
    expect(list.allows('files.example.com', 8443)).toBe(true);
    expect(list.allows('pypi.org', 443)).toBe(true);
    expect(list.allows('files.pythonhosted.org', 443)).toBe(true);
    expect(list.allows('api.anthropic.com', 443)).toBe(true);
    expect(list.allows('registry.npmjs.org', 443)).toBe(false);
    expect(list.allows('example.com', 443)).toBe(false);
    expect(new Set(allow).size).toBe(allow.length);
  });

  it("an API gateway in ANTHROPIC_BASE_URL is allowed with the session's env", async () => {
    const allow = await expandPolicy(
      { egress: 'allowlist', allow: [], presets: [] },
      { ...host(), env: { ANTHROPIC_BASE_URL: 'https://llm.corp.example:4443/anthropic' } },
    );
    expect(compileAllowlist(allow).allows('llm.corp.example', 4443)).toBe(true);
  });
});
