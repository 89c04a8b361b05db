/**
 * The start panel's network choice: which mode a plan shows, the policy an edited draft
 * becomes, that an unchanged draft counts as unchanged (nothing is sent: the configs decide),
 * the inline checks of a typed host, and the pattern an "allow" answer sends for a denial.
 * Also the start store sends the chosen policy with startSession, and nothing when none.
 */
import { describe, expect, it } from 'vitest';
import type { Api } from '../../../src/shared/contract';
import type { SessionInfo } from '../../../src/shared/schemas/session';
import { setApi } from '../../../src/renderer/src/api-context';
import {
  checkHost,
  draftFromPolicy,
  patternForDenial,
  policyFromDraft,
  policySummary,
  samePolicy,
} from '../../../src/renderer/src/components/network/policy-draft';
import { useSessions } from '../../../src/renderer/src/stores/sessions';

describe('network policy draft', () => {
  it('shows each policy form as its mode and gives back the same policy', () => {
    const allowlist = { egress: 'allowlist' as const, allow: ['a.com'], presets: ['npm' as const] };
    expect(draftFromPolicy(allowlist)).toEqual({
      mode: 'allowlist',
      name: '',
      presets: ['npm'],
      allow: ['a.com'],
    });
    expect(draftFromPolicy('default').mode).toBe('default');
    expect(draftFromPolicy('none').mode).toBe('none');
    expect(draftFromPolicy('host').mode).toBe('host');
    expect(draftFromPolicy('corp-net')).toMatchObject({ mode: 'named', name: 'corp-net' });
    for (const p of [allowlist, 'default', 'none', 'host', 'corp-net'] as const)
      expect(samePolicy(policyFromDraft(draftFromPolicy(p)), p)).toBe(true);
  });

  it('counts an edit as a change and a round trip back as none', () => {
    const plan = {
      egress: 'allowlist' as const,
      allow: [],
      presets: ['npm' as const, 'github' as const],
    };
    const d = draftFromPolicy(plan);
    expect(samePolicy(policyFromDraft({ ...d, presets: ['github', 'npm'] }), plan)).toBe(true);
    expect(samePolicy(policyFromDraft({ ...d, allow: ['x.org'] }), plan)).toBe(false);
    expect(samePolicy(policyFromDraft({ ...d, mode: 'default' }), plan)).toBe(false);
    expect(policyFromDraft({ ...d, mode: 'default' })).toBe('default');
    // Presets come out in the contract's order whatever order they were clicked in.
    expect(policyFromDraft({ ...d, presets: ['npm', 'anthropic'] })).toEqual({
      egress: 'allowlist',
      allow: [],
      presets: ['anthropic', 'npm'],
    });
  });

  it('checks typed hosts with the contract: normalised, refused with the reason, no duplicates', () => {
    expect(checkHost('  Example.ORG ', [])).toEqual({ pattern: 'example.org' });
    expect(checkHost('*.npmjs.org', [])).toEqual({ pattern: '*.npmjs.org' });
    expect(checkHost('10.0.0.5:8080', [])).toEqual({ pattern: '10.0.0.5:8080' });
    expect(checkHost('not a host!', [])).toEqual({
      error: 'expected a host name, *.domain or an IP address, with an optional :port',
    });
    expect(checkHost('', [])).toHaveProperty('error');
    expect(checkHost('a.com', ['a.com'])).toEqual({ error: 'a.com is listed already' });
  });

  it('allows a denied host with its port only when it is not 80 or 443', () => {
    expect(patternForDenial('denied.example', 443)).toBe('denied.example');
    expect(patternForDenial('denied.example', 80)).toBe('denied.example');
    expect(patternForDenial('denied.example', 8443)).toBe('denied.example:8443');
    expect(patternForDenial('::1', 8080)).toBe('[::1]:8080');
  });

  it('sums a policy up in one line', () => {
    expect(policySummary('default')).toBe('Open (default network)');
    expect(policySummary('none')).toBe('No network');
    expect(policySummary('corp')).toBe('Engine network "corp"');
    expect(policySummary({ egress: 'allowlist', allow: ['a', 'b'], presets: ['npm'] })).toBe(
      'Allowlist · npm · 2 more hosts',
    );
    expect(policySummary({ egress: 'allowlist', allow: [], presets: [] })).toBe('Allowlist');
  });
});

describe('start with a network choice', () => {
  it('sends the chosen policy, and no network key when the user changed nothing', async () => {
    const inputs: unknown[] = [];
    const info = { id: 's1', folder: '/repo', status: 'starting' } as unknown as SessionInfo;
    setApi({
      startSession: async (input: unknown) => {
        inputs.push(input);
        return info;
      },
    } as unknown as Api);
    const network = { egress: 'allowlist' as const, allow: ['x.org'], presets: [] };
    await useSessions.getState().start('/repo', { network });
    await useSessions.getState().start('/repo', {});
    expect(inputs).toEqual([{ folder: '/repo', network }, { folder: '/repo' }]);
  });
});
