/**
 * Locks down a session and every web contents: no permissions, no navigation away from the
 * app, no new windows (https links go to the user's browser), no webviews, no downloads, and
 * the CSP header on every response.
 */
import { type Session, type WebContents, shell } from 'electron';
import { ELECTRON_CSP, isAppUrl, safeExternalUrl } from './security';

/**
 * `devServer`: in `npm run dev` the page comes from Vite's dev server, which needs an inline
 * script (React refresh) and a WebSocket (HMR); packaged and preview runs never get that.
 */
export function hardenSession(ses: Session, devServer = false): void {
  const csp = devServer
    ? ELECTRON_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
        "connect-src 'self'",
        "connect-src 'self' ws://localhost:* ws://127.0.0.1:*",
      )
    : ELECTRON_CSP;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [csp],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
}

export function hardenWebContents(contents: WebContents, devOrigin?: string): void {
  // The app is a single page: it never navigates, so any navigation is refused.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url, devOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, devOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const safe = safeExternalUrl(url);
    if (safe) void shell.openExternal(safe);
    return { action: 'deny' };
  });
}

/** The contract's openExternal in Electron: https only, else a clear refusal. */
export async function openExternalSafely(url: string): Promise<boolean> {
  const safe = safeExternalUrl(url);
  if (!safe) return false;
  await shell.openExternal(safe);
  return true;
}
