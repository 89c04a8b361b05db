/**
 * A session's login as login sync judges it: read out of the container (credentials file and
 * the account beside it in ~/.claude.json) and parsed. Untrusted: a file that is not a Claude
 * login is a reason, never an error with its content.
 */
import type { LoginCopy } from './compare';
import { readContainerLogin, type ContainerRef } from './container-copy';
import { parseAccount, parseLogin } from './login-text';

export type SessionCopy =
  | { ok: true; text: string; copy: LoginCopy }
  | { ok: false; state: 'unreadable' | 'no-login' | 'corrupt'; why: string };

export async function readSessionCopy(ref: ContainerRef, nowMs: number): Promise<SessionCopy> {
  let read;
  try {
    read = await readContainerLogin(ref);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, state: 'unreadable', why: `could not read the session's login: ${why}` };
  }
  if (read.cred.state === 'missing') {
    return {
      ok: false,
      state: 'no-login',
      why: 'the session has no Claude login file (logged out, or never had one)',
    };
  }
  if (read.cred.state !== 'ok') return { ok: false, state: 'corrupt', why: read.cred.why };
  const parsed = parseLogin(read.cred.text, nowMs);
  if (!parsed.ok) return { ok: false, state: 'corrupt', why: parsed.why };
  return {
    ok: true,
    text: read.cred.text,
    copy: { account: parseAccount(read.claudeJson), expiresAt: parsed.expiresAt },
  };
}
