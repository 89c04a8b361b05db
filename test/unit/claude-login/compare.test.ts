/**
 * Which copy of a login wins: only a newer one of the same account; the reasons for ignored
 * copies never quote their content.
 */
import { describe, expect, it } from 'vitest';
import { compareLogins } from '../../../src/main/claude-login/compare';
import { parseReadOutput } from '../../../src/main/claude-login/container-copy';
import { parseAccount, parseLogin } from '../../../src/main/claude-login/login-text';
import { loginText } from '../../helpers/login-fixture';

const A = { uuid: 'uuid-a', label: 'a@example.com' };
const B = { uuid: 'uuid-b', label: 'b@example.com' };
const NONE = { uuid: null, label: null };

describe('parseLogin', () => {
  it('reads expiresAt of a Claude Code credentials file', () => {
    expect(parseLogin(loginText('tok-1', 1_900_000_000_000), 1_899_999_000_000)).toEqual({
      ok: true,
      expiresAt: 1_900_000_000_000,
    });
  });

  it('says what is wrong without quoting the content', () => {
    const cases = [
      '{"claudeAiOauth": {"accessToken": "SECRET-1", "expiresAt": "soon"}}',
      '{"claudeAiOauth": {"accessToken": "SECRET-1"',
      '{"other": "SECRET-1"}',
      '[1,2]',
      'x'.repeat(70_000) + 'SECRET-1',
    ];
    for (const text of cases) {
      const r = parseLogin(text);
      expect(r.ok).toBe(false);
      expect(JSON.stringify(r)).not.toContain('SECRET');
    }
    expect(parseLogin('{"claudeAiOauth": {"accessToken": "SECRET-1"')).toEqual({
      ok: false,
      why: 'not valid JSON',
    });
  });
});

describe('parseAccount', () => {
  it('takes oauthAccount.accountUuid, labelled by the email', () => {
    const json = JSON.stringify({ oauthAccount: { accountUuid: 'u-1', emailAddress: 'x@y.z' } });
    expect(parseAccount(json)).toEqual({ uuid: 'u-1', label: 'x@y.z' });
  });
  it('is unknown for a missing, invalid or account-less file', () => {
    expect(parseAccount(null)).toEqual(NONE);
    expect(parseAccount('{')).toEqual(NONE);
    expect(parseAccount('{"oauthAccount": null}')).toEqual(NONE);
    expect(parseAccount('{"numStartups": 3}')).toEqual(NONE);
  });
});

describe('compareLogins', () => {
  it('a later expiresAt of the same account is newer; equal is the same', () => {
    expect(compareLogins({ account: A, expiresAt: 2 }, { account: A, expiresAt: 1 })).toBe('newer');
    expect(compareLogins({ account: A, expiresAt: 1 }, { account: A, expiresAt: 2 })).toBe('older');
    expect(compareLogins({ account: A, expiresAt: 2 }, { account: A, expiresAt: 2 })).toBe('same');
  });
  it('unknown on both sides is one account', () => {
    expect(compareLogins({ account: NONE, expiresAt: 2 }, { account: NONE, expiresAt: 1 })).toBe(
      'newer',
    );
  });
  it('different or half-known accounts never win, however new', () => {
    expect(compareLogins({ account: B, expiresAt: 9 }, { account: A, expiresAt: 1 })).toBe(
      'other-account',
    );
    expect(compareLogins({ account: NONE, expiresAt: 9 }, { account: A, expiresAt: 1 })).toBe(
      'other-account',
    );
    expect(compareLogins({ account: A, expiresAt: 9 }, { account: NONE, expiresAt: 1 })).toBe(
      'other-account',
    );
  });
});

describe('parseReadOutput (untrusted container output)', () => {
  const frame = (cred: string, json: string | null) =>
    Buffer.concat([
      Buffer.from(`file ${Buffer.byteLength(cred)}\n${cred}`),
      Buffer.from(json === null ? 'missing\n' : `file\n${json}`),
    ]);

  it('splits the credentials file and .claude.json', () => {
    const r = parseReadOutput(frame('{"a":1}\n', '{"b":2}'));
    expect(r).toEqual({ cred: { state: 'ok', text: '{"a":1}\n' }, claudeJson: '{"b":2}' });
    expect(parseReadOutput(Buffer.from('missing\nmissing\n'))).toEqual({
      cred: { state: 'missing' },
      claudeJson: null,
    });
  });

  it('refuses output out of shape, and an oversized file is "bad", not read', () => {
    expect(() => parseReadOutput(Buffer.from('file 99\nshort'))).toThrow(/stopped early/);
    expect(() => parseReadOutput(Buffer.from('hello\n'))).toThrow(/nothing usable/);
    // The script reads one byte more than a login may have: such a file is refused whole.
    const big = parseReadOutput(frame('x'.repeat(65_537), null));
    expect(big.cred).toEqual({ state: 'bad', why: 'larger than 64 KiB' });
  });
});

describe('implausible logins', () => {
  it('a copy expiring more than 30 days ahead is not a refresh and never wins', () => {
    const now = 1_700_000_000_000;
    expect(parseLogin(loginText('t', now + 8 * 3_600_000), now).ok).toBe(true);
    expect(parseLogin(loginText('t', now + 31 * 24 * 3_600_000), now)).toEqual({
      ok: false,
      why: 'its expiry is more than 30 days ahead (not a Claude Code refresh)',
    });
  });
});
