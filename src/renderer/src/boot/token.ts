/**
 * Web mode's credentials. The printed link carries a one-time link token in its fragment
 * (`#token=…`, never sent in a request line). The page takes it out of the address bar and
 * trades it once (POST /api/session) for a session token kept in this tab's sessionStorage:
 * reloads of the tab keep working, while the link itself, which the browser's history has
 * already recorded, opens nothing any more. A server restart forgets every session.
 */
import { LINK_USED, SESSION_PATH } from '../../../shared/ws-protocol';

const KEY = 'ccr.session';

export type TokenResult =
  { token: string } | { problem: 'no-token' | 'link-used' | 'unreachable'; message?: string };

/** The link token in the address bar, removed from it (and from this history entry). */
export function takeLinkToken(): string | null {
  const match = /(?:^#|&)token=([0-9a-f]{64})(?:&|$)/.exec(window.location.hash);
  if (!match) return null;
  history.replaceState(null, '', window.location.pathname + window.location.search);
  return match[1]!;
}

export async function sessionToken(fetchFn: typeof fetch = fetch): Promise<TokenResult> {
  const link = takeLinkToken();
  if (!link) {
    const kept = sessionStorage.getItem(KEY);
    return kept ? { token: kept } : { problem: 'no-token' };
  }
  let res: Response;
  try {
    res = await fetchFn(SESSION_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ link }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    return { problem: 'unreachable' };
  }
  const body = (await res.json().catch(() => ({}))) as { token?: unknown; code?: unknown };
  if (res.ok && typeof body.token === 'string' && /^[0-9a-f]{64}$/.test(body.token)) {
    sessionStorage.setItem(KEY, body.token);
    return { token: body.token };
  }
  // A used link in a tab that already has a session (Back to the link's history entry).
  const kept = sessionStorage.getItem(KEY);
  if (kept) return { token: kept };
  return { problem: body.code === LINK_USED ? 'link-used' : 'unreachable' };
}

/** True when the server says this session is unknown (restarted), false when in doubt. */
export async function sessionRefused(
  token: string,
  fetchFn: typeof fetch = fetch,
): Promise<boolean> {
  try {
    const res = await fetchFn(SESSION_PATH, {
      headers: { Authorization: `Bearer ${token}` },
      credentials: 'omit',
      cache: 'no-store',
    });
    return res.status === 401;
  } catch {
    return false;
  }
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}
