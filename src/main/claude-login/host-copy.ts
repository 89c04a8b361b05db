/** The host's login as login sync judges it: read from its store and parsed, with its account. */
import type { LoginCopy } from './compare';
import type { HostAccount } from './host-account';
import type { HostLoginStore } from './host-store';
import { parseLogin, type Account } from './login-text';

export type HostCopy =
  { ok: true; text: string; copy: LoginCopy } | { ok: false; why: string; missing: boolean };

export function hostCopyOf(text: string, account: Account, nowMs: number): HostCopy {
  const p = parseLogin(text, nowMs);
  if (!p.ok) return { ok: false, missing: false, why: `the host's login is ignored: ${p.why}` };
  return { ok: true, text, copy: { account, expiresAt: p.expiresAt } };
}

export async function readHostCopy(
  store: HostLoginStore,
  account: HostAccount,
  nowMs: number,
): Promise<HostCopy> {
  const r = await store.read();
  if (r.state === 'missing')
    return { ok: false, missing: true, why: 'no Claude login on this machine' };
  if (r.state === 'unreadable') return { ok: false, missing: false, why: r.why };
  return hostCopyOf(r.text, await account.read(), nowMs);
}
