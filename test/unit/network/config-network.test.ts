import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFixture, type Fixture } from '../config/fixture';

let fx: Fixture;
beforeEach(() => {
  fx = makeFixture();
});
afterEach(() => fx.cleanup());

const problems = async () => {
  const r = await fx.load();
  if (r.ok) throw new Error('expected problems');
  return r.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('the network key', () => {
  it('is unset by default, and takes a name or an allowlist (entries normalized)', async () => {
    let r = await fx.load();
    expect(r.ok && r.config.network).toBeUndefined();
    fx.userConfig({ network: { egress: 'allowlist', allow: [' GitHub.com '] } });
    r = await fx.load();
    expect(r.ok && r.config.network).toEqual({
      egress: 'allowlist',
      allow: ['github.com'],
      presets: [],
    });
  });

  it('says what is wrong with a bad policy, at the right key', async () => {
    fx.userConfig({ network: 5 });
    expect(await problems()).toEqual([
      'network: expected a string or an object, got a whole number',
    ]);
    fx.userConfig({ network: { egress: 'open' } });
    expect(await problems()).toEqual([expect.stringMatching(/^network\.egress: .*"allowlist"/)]);
    fx.userConfig({ network: { egress: 'allowlist', presets: ['npmjs'], allow: ['a b'] } });
    expect(await problems()).toEqual([
      expect.stringMatching(/^network\.presets\[0\]: .*expected one of "anthropic"/),
      expect.stringMatching(/^network\.allow\[0\]: expected a host name, \*\.domain or an IP/),
    ]);
    fx.userConfig({ network: { egress: 'allowlist', hosts: [] } });
    expect(await problems()).toEqual([expect.stringMatching(/^network\.hosts: unknown key/)]);
  });

  it('projectNetworkAllow takes absolute folders only', async () => {
    fx.userConfig({ projectNetworkAllow: { 'relative/dir': ['x.example'] } });
    expect(await problems()).toEqual([
      expect.stringMatching(
        /^projectNetworkAllow\["relative\/dir"\]: invalid key name: expected an absolute folder path/,
      ),
    ]);
  });
});
