import { describe, expect, it } from 'vitest';
import {
  compileAllowlist,
  normalizeHost,
  parsePattern,
  patternCoveredBy,
  patternFromUrl,
} from '../../../src/main/network/policy';

describe('allowlist matching', () => {
  it('a plain name allows itself on 80 and 443 only, case-insensitively, with a trailing dot', () => {
    const a = compileAllowlist(['github.com']);
    expect(a.allows('github.com', 443)).toBe(true);
    expect(a.allows('github.com', 80)).toBe(true);
    expect(a.allows('GitHub.COM', 443)).toBe(true);
    expect(a.allows('github.com.', 443)).toBe(true);
    expect(a.allows('github.com', 22)).toBe(false);
    expect(a.allows('github.com', 8443)).toBe(false);
    expect(a.allows('api.github.com', 443)).toBe(false);
    expect(a.allows('evilgithub.com', 443)).toBe(false);
    expect(a.allows('github.com.evil.com', 443)).toBe(false);
  });

  it('a wildcard allows every subdomain at any depth, never the name itself', () => {
    const a = compileAllowlist(['*.npmjs.org']);
    expect(a.allows('registry.npmjs.org', 443)).toBe(true);
    expect(a.allows('a.b.npmjs.org', 443)).toBe(true);
    expect(a.allows('REGISTRY.npmjs.org.', 80)).toBe(true);
    expect(a.allows('npmjs.org', 443)).toBe(false);
    expect(a.allows('evilnpmjs.org', 443)).toBe(false);
    expect(a.allows('registry.npmjs.org', 22)).toBe(false);
  });

  it('an explicit port allows that port only', () => {
    const a = compileAllowlist(['pypi.org:443', 'git.example.com:8443', '*.corp.example:22']);
    expect(a.allows('pypi.org', 443)).toBe(true);
    expect(a.allows('pypi.org', 80)).toBe(false);
    expect(a.allows('git.example.com', 8443)).toBe(true);
    expect(a.allows('git.example.com', 443)).toBe(false);
    expect(a.allows('ssh.corp.example', 22)).toBe(true);
    expect(a.allows('ssh.corp.example', 443)).toBe(false);
  });

  it('an IP literal matches only that literal, and wildcards never match addresses', () => {
    const a = compileAllowlist(['10.1.2.3', '[2001:db8::1]:8080', '*.2.3']);
    expect(a.allows('10.1.2.3', 443)).toBe(true);
    expect(a.allows('10.1.2.4', 443)).toBe(false);
    expect(a.allows('1.2.3', 443)).toBe(false);
    expect(a.allows('9.9.2.3', 443)).toBe(false);
    expect(a.allows('[2001:db8::1]', 8080)).toBe(true);
    expect(a.allows('2001:DB8:0:0::1', 8080)).toBe(true);
    expect(a.allows('2001:db8::1', 443)).toBe(false);
    expect(parsePattern('*.10.1.2.3')).toBeNull();
    expect(parsePattern('*.2.3')).toBeNull();
    // Shorthand and hex forms resolve to addresses: they are no names and match nothing.
    const b = compileAllowlist(['*.example.com', '127.0.0.1']);
    for (const h of ['127.1', '0x7f.0.0.1', '2130706433', '1.2.3'])
      expect(b.allows(h, 443), h).toBe(false);
  });

  it('malformed hosts and ports are never allowed, and bad entries allow nothing', () => {
    const a = compileAllowlist(['github.com', 'not a host', '', '*.', 'x.com:99999', '*.x.com']);
    for (const h of ['', '.', 'github..com', 'git hub.com', 'a.x.com#', 'a.x.com/', '..x.com'])
      expect(a.allows(h, 443), h).toBe(false);
    expect(a.allows('github.com', 0)).toBe(false);
    expect(a.allows('github.com', 65536)).toBe(false);
    expect(a.allows('x.com', 99999)).toBe(false);
    expect(compileAllowlist([]).allows('github.com', 443)).toBe(false);
  });

  it('parses and normalizes entries', () => {
    expect(parsePattern('  GitHub.com ')).toEqual({
      host: 'github.com',
      wildcard: false,
      port: null,
    });
    expect(parsePattern('*.Example.org:8080')).toEqual({
      host: 'example.org',
      wildcard: true,
      port: 8080,
    });
    expect(parsePattern('[::1]')).toEqual({ host: '::1', wildcard: false, port: null });
    expect(parsePattern('host:0')).toBeNull();
    expect(normalizeHost('Example.COM.')).toBe('example.com');
    expect(normalizeHost('[::FFFF:1.2.3.4]')).toBe('::ffff:102:304');
    expect(normalizeHost('a_b.example')).toBe('a_b.example');
    expect(normalizeHost('-a.example')).toBeNull();
  });

  it('knows when one entry is covered by a list (the trust rule)', () => {
    const user = ['*.example.com', 'pypi.org', 'git.corp:8443'];
    expect(patternCoveredBy('a.example.com', user)).toBe(true);
    expect(patternCoveredBy('*.b.example.com', user)).toBe(true);
    expect(patternCoveredBy('*.example.com', user)).toBe(true);
    expect(patternCoveredBy('example.com', user)).toBe(false);
    expect(patternCoveredBy('pypi.org', user)).toBe(true);
    expect(patternCoveredBy('pypi.org:443', user)).toBe(true);
    expect(patternCoveredBy('pypi.org:8080', user)).toBe(false);
    expect(patternCoveredBy('*.pypi.org', user)).toBe(false);
    expect(patternCoveredBy('git.corp:8443', user)).toBe(true);
    expect(patternCoveredBy('git.corp', user)).toBe(false);
  });

  it('turns URLs into entries', () => {
    expect(patternFromUrl('https://llm.corp.example/v1')).toBe('llm.corp.example');
    expect(patternFromUrl('http://LLM.corp.example:8080')).toBe('llm.corp.example:8080');
    expect(patternFromUrl('https://[::1]:4000/')).toBe('[::1]:4000');
    expect(patternFromUrl('not a url')).toBeNull();
  });
});
