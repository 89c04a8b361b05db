/**
 * Opens a forwarded port's loopback URL. Only http://127.0.0.1:<port>/ URLs (what forwardPort
 * returns) are opened: in a browser tab in web mode, through the main process in Electron.
 */
import { api } from '../../api-context';
import { useConnection } from '../../stores/connection';

export function isForwardUrl(url: string): boolean {
  return /^http:\/\/127\.0\.0\.1:\d{1,5}\/$/.test(url);
}

/** Resolves false when the URL could not be opened (the panel still shows it to copy). */
export async function openForward(url: string): Promise<boolean> {
  if (!isForwardUrl(url)) return false;
  if (useConnection.getState().mode === 'electron') {
    try {
      await api().openExternal({ url });
      return true;
    } catch {
      return false;
    }
  }
  // With noopener, window.open returns null even when the tab opened.
  window.open(url, '_blank', 'noopener,noreferrer');
  return true;
}
