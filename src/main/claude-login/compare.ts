/**
 * Which of two copies of a login wins. Only ever a newer copy of the same account: the newer is
 * the one with the later `expiresAt` (a refresh always moves it forward); an equal one changes
 * nothing, so two copies that agree never bounce between host and session.
 *
 * Same account: the `oauthAccount.accountUuid` of the `.claude.json` next to each copy. Unknown
 * on both sides counts as one account (a host without `.claude.json`); known against unknown,
 * or two different uuids, is another account and nothing is written either way.
 */
import type { Account } from './login-text';

export interface LoginCopy {
  account: Account;
  expiresAt: number;
}

export type Verdict = 'newer' | 'same' | 'older' | 'other-account';

export function sameAccount(a: Account, b: Account): boolean {
  return a.uuid === b.uuid;
}

/** How `candidate` compares with `current`. */
export function compareLogins(candidate: LoginCopy, current: LoginCopy): Verdict {
  if (!sameAccount(candidate.account, current.account)) return 'other-account';
  if (candidate.expiresAt > current.expiresAt) return 'newer';
  if (candidate.expiresAt < current.expiresAt) return 'older';
  return 'same';
}

/** Words for a log line about another account; names accounts, never tokens. */
export function otherAccountReason(session: Account, host: Account): string {
  const name = (a: Account) => (a.label ? a.label : 'an unknown account');
  return `the session is logged in as ${name(session)}, the host as ${name(host)}: not synced either way`;
}
