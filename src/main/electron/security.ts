/**
 * The Electron security checklist in one place, as plain functions the glue and the tests use:
 * window options, the CSP, which URLs may leave the app, which senders may call it.
 */
import type { WebPreferences } from 'electron';

/** The renderer is served from this custom protocol (see protocol.ts), never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ccr';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export const ELECTRON_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Terminal and diff widgets set styles at run time; scripts stay strictly our own files.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export function secureWebPreferences(preload: string, devTools: boolean): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools,
  };
}

/**
 * Is this URL one of the app's own pages? The app protocol, or in a dev run the dev server's
 * exact origin.
 */
export function isAppUrl(raw: string, devOrigin?: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password)
    return true;
  return devOrigin !== undefined && url.origin === devOrigin;
}

/**
 * The only URLs `shell.openExternal` may get: plain https links (PR pages), and the root of a
 * forwarded port on this computer's loopback (http://127.0.0.1:<port>/). Returns the
 * normalised URL, or null. Refuses other schemes (file:, javascript:, smb:, …), look-alikes
 * that URL parsers "repair" (`https:evil`, `https:\\evil`, `https:/evil`), credentials in the
 * URL (`https://github.com@evil`), whitespace and control characters.
 */
export function safeExternalUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 2048) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f-\u009f\\]/.test(raw)) return null;
  // A forwarded container port (port preview): exactly http://127.0.0.1:<port>/, nothing else.
  const loopback = /^http:\/\/127\.0\.0\.1:(\d{1,5})\/$/.exec(raw);
  if (loopback) {
    const port = Number(loopback[1]);
    return port >= 1 && port <= 65535 ? raw : null;
  }
  if (!/^https:\/\/[^/]/i.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || !url.hostname) return null;
  if (raw.slice('https://'.length).split(/[/?#]/, 1)[0]!.includes('@')) return null;
  return url.href;
}

/** The parts of an IPC event the sender check needs (structural, so tests can build one). */
export interface SenderEvent {
  sender: unknown;
  senderFrame: { url: string; processId: number; routingId: number; parent: unknown } | null;
}
export interface AppWindowLike {
  isDestroyed(): boolean;
  webContents: { mainFrame: { processId: number; routingId: number } };
}

/**
 * A call is accepted only from the main frame of the app's own window showing the app's own
 * page: not from a subframe, another window, or a page the window was somehow navigated to.
 */
export function isTrustedSender(
  event: SenderEvent,
  win: AppWindowLike | null,
  devOrigin?: string,
): boolean {
  if (!win || win.isDestroyed()) return false;
  if (event.sender !== win.webContents) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false;
  const main = win.webContents.mainFrame;
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isAppUrl(frame.url, devOrigin);
}
