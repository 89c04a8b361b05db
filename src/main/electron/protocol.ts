/**
 * Serves the built renderer on `app://ccr/…`: a standard, secure scheme (so the page has a
 * real origin and 'self' in the CSP means our files only), limited to the renderer folder.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentTypeOf, resolveInside } from '../transport/web/static';
import { APP_HOST, APP_SCHEME, ELECTRON_CSP } from './security';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveInside(rendererDir, url.pathname) : null;
    const body = file ? await readFile(file).catch(() => null) : null;
    if (!file || !body) return new Response('Not found', { status: 404 });
    return new Response(body, {
      headers: {
        'Content-Type': contentTypeOf(file),
        'Content-Security-Policy': ELECTRON_CSP,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
