import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NetworkPolicy } from '../../../src/shared/schemas/network-policy';
import { narrowsNetwork } from '../../../src/main/network/policy';
import { makeFixture, type Fixture } from '../config/fixture';

const list = (presets: string[], allow: string[] = []) =>
  ({ egress: 'allowlist', presets, allow }) as NetworkPolicy;

let fx: Fixture;
beforeEach(() => {
  fx = makeFixture({ trusted: false });
});
afterEach(() => fx.cleanup());

describe('an untrusted project network may only narrow yours', () => {
  it('"none" always applies', async () => {
    for (const user of [undefined, 'default', 'host', list(['npm'])]) {
      if (user !== undefined) fx.userConfig({ network: user });
      fx.projectConfig({ network: 'none' });
      const r = await fx.load();
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      expect(r.config.network).toBe('none');
      expect(r.untrusted).toBeUndefined();
    }
  });

  it('an allowlist within yours applies; one with more hosts waits and is shown', async () => {
    fx.userConfig({ network: list(['npm', 'github'], ['*.corp.example']) });
    fx.projectConfig({ network: list(['npm'], ['registry.corp.example']) });
    let r = await fx.load();
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.config.network).toEqual(list(['npm'], ['registry.corp.example']));
    expect(r.untrusted).toBeUndefined();

    fx.projectConfig({ network: list(['npm'], ['evil.example']) });
    r = await fx.load();
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.config.network).toEqual(list(['npm', 'github'], ['*.corp.example']));
    const s = r.untrusted?.settings.find((x) => x.key === 'network');
    expect(s?.value).toBe('allowlist: npm; also evil.example');
    expect(s?.why).toMatch(/wider than yours/);

    await fx.trustProject();
    r = await fx.load();
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.config.network).toEqual(list(['npm'], ['evil.example']));
  });

  it('"default", "host" or a named network wait for trust unless they are already yours', async () => {
    for (const wide of ['default', 'host', 'corp-net']) {
      fx.projectConfig({ network: wide });
      const r = await fx.load();
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      expect(r.config.network, wide).toBeUndefined();
      expect(
        r.untrusted?.settings.map((x) => x.key),
        wide,
      ).toEqual(['network']);
    }
    fx.userConfig({ network: 'default' });
    fx.projectConfig({ network: 'default' });
    const r = await fx.load();
    expect(r.ok && r.untrusted).toBe(undefined);
  });

  it('the rule itself', () => {
    // Open user policies: any allowlist narrows them.
    expect(narrowsNetwork(list(['bedrock'], ['x.example']), 'default')).toBe(true);
    expect(narrowsNetwork(list([], ['x.example']), 'host')).toBe(true);
    expect(narrowsNetwork('default', 'host')).toBe(true);
    expect(narrowsNetwork('host', 'default')).toBe(false);
    // A named network may be internal: an allowlist could be wider.
    expect(narrowsNetwork(list(['npm']), 'corp-net')).toBe(false);
    expect(narrowsNetwork(list([]), 'none')).toBe(false);
    // Auto: the presets a repository gets from its own files anyway, nothing more.
    expect(narrowsNetwork(list(['npm', 'go', 'github']), undefined)).toBe(true);
    expect(narrowsNetwork(list([], ['registry.npmjs.org', 'api.anthropic.com']), undefined)).toBe(
      true,
    );
    expect(narrowsNetwork(list(['debian']), undefined)).toBe(false);
    expect(narrowsNetwork(list([], ['paste.example']), undefined)).toBe(false);
    // Against an allowlist: every entry and preset host must already be allowed.
    expect(narrowsNetwork(list([], ['*.a.corp']), list([], ['*.corp']))).toBe(true);
    expect(narrowsNetwork(list([], ['corp']), list([], ['*.corp']))).toBe(false);
    expect(narrowsNetwork(list([], ['x.corp:22']), list([], ['*.corp']))).toBe(false);
    expect(narrowsNetwork(list(['pypi']), list(['pypi', 'npm']))).toBe(true);
    expect(narrowsNetwork(list(['npm', 'crates']), list(['npm']))).toBe(false);
  });
});
