/**
 * Web mode's token: handed over once in the URL fragment (`#token=…`, never sent to a
 * server), then kept in sessionStorage for reloads of this tab and removed from the address
 * bar so it does not end up in history, bookmarks or screenshots.
 */
const KEY = 'ccr.token';

export function takeToken(): string | null {
  const match = /(?:^#|&)token=([0-9a-f]{64})(?:&|$)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(KEY, match[1]!);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1]!;
  }
  return sessionStorage.getItem(KEY);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}
